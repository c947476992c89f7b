using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Node;

public sealed class SnapshotConcurrencyTests
{
    [Fact]
    public async Task Applies_continue_while_a_snapshot_is_written_and_it_holds_the_capture_point()
    {
        var ct = TestContext.Current.CancellationToken;
        var fsm = new GatedStateMachine();
        var storage = RaftStorage.InMemory();
        var node = new RaftNode(RaftOptions.Local("a"), storage, new InMemoryNetwork().CreateTransport("a"), fsm);
        await node.StartAsync(ct);
        try
        {
            await node.BootstrapAsync(new RaftConfiguration([new RaftServer("a", "a")]), ct);
            await Eventually.TrueAsync(() => node.IsLeader, "leader");
            for (var i = 0; i < 5; i++)
            {
                await node.ApplyAsync(Encoding.UTF8.GetBytes("x"), ct);
            }

            var snapshot = node.SnapshotAsync(ct);
            await fsm.WriterStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);

            // The snapshot writer is blocked; the apply loop must not be.
            for (var i = 0; i < 5; i++)
            {
                await node.ApplyAsync(Encoding.UTF8.GetBytes("y"), ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
            }

            Assert.False(snapshot.IsCompleted);
            fsm.Release.SetResult();
            var index = await snapshot;
            var meta = storage.Snapshots.List()[0];
            Assert.Equal(index, meta.Index);
            using var stream = storage.Snapshots.Open(meta.Id, out _);
            Assert.Equal("5", new StreamReader(stream).ReadToEnd());
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    private sealed class GatedStateMachine : IStateMachine
    {
        private int _count;

        public TaskCompletionSource WriterStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public object? Apply(ulong index, ulong term, ReadOnlyMemory<byte> command) => ++_count;

        public IStateMachineSnapshot CreateSnapshot() => new Snapshot(this, _count);

        public void Restore(Stream snapshot) => _count = int.Parse(new StreamReader(snapshot).ReadToEnd(), System.Globalization.CultureInfo.InvariantCulture);

        private sealed class Snapshot(GatedStateMachine owner, int count) : IStateMachineSnapshot
        {
            public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
            {
                owner.WriterStarted.TrySetResult();
                await owner.Release.Task.WaitAsync(cancellationToken);
                await destination.WriteAsync(Encoding.UTF8.GetBytes(count.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
            }

            public void Dispose()
            {
            }
        }
    }
}
