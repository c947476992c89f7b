using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Raft.Tests.Node;

/// <summary><see cref="RaftNode.RestoreAsync"/>: an operator's snapshot replaces the state of every server.</summary>
public sealed class UserSnapshotRestoreTests
{
    private static byte[] Cmd(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Restore_replaces_the_state_on_every_server_and_later_writes_follow_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await InMemoryCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        for (var i = 0; i < 10; i++)
        {
            await leader.ApplyAsync(Cmd("old" + i), ct);
        }

        var lastBefore = leader.Status.LastLogIndex;
        var index = await leader.RestoreAsync(new MemoryStream(Cmd("r1\nr2\nr3")), ct);
        Assert.Equal(lastBefore + 1, index);
        Assert.Equal(["r1", "r2", "r3"], cluster.Fsm(leader.Id).Items);

        var result = await leader.ApplyAsync(Cmd("after"), ct);
        Assert.Equal(4, result.Response);
        foreach (var (node, fsm, storage) in cluster.Members)
        {
            await Eventually.TrueAsync(() => fsm.Items.SequenceEqual(["r1", "r2", "r3", "after"]), $"{node.Id} has the restored state and the later write");
            Assert.Contains(storage.Snapshots.List(), m => m.Index == index);
        }
    }

    [Fact]
    public async Task Writes_proposed_during_a_restore_wait_and_land_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await InMemoryCluster.StartAsync(1);
        var leader = await cluster.LeaderAsync();
        await leader.ApplyAsync(Cmd("old"), ct);

        var gate = new GatedStream(Cmd("snap"));
        var restore = leader.RestoreAsync(gate, ct);
        await gate.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var write = leader.ApplyAsync(Cmd("during"), ct);
        await Task.Delay(100, ct); // give the write every chance to (wrongly) be applied before the restore
        Assert.False(write.IsCompleted);
        gate.Release.SetResult();

        var index = await restore.WaitAsync(TimeSpan.FromSeconds(10), ct);
        var applied = await write.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(applied.Index > index);
        Assert.Equal(["snap", "during"], cluster.Fsm(leader.Id).Items);
    }

    [Fact]
    public async Task A_follower_refuses_and_a_cancelled_restore_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await InMemoryCluster.StartAsync(3);
        var leader = await cluster.LeaderAsync();
        await leader.ApplyAsync(Cmd("keep"), ct);
        var follower = cluster.Members.Select(m => m.Node).First(n => !n.IsLeader);
        await Assert.ThrowsAsync<NotLeaderException>(() => follower.RestoreAsync(new MemoryStream(Cmd("x")), ct));

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var gate = new GatedStream(Cmd("never"));
        var restore = leader.RestoreAsync(gate, cts.Token);
        await gate.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => restore);

        // Writes flow again and the old state is intact everywhere.
        await leader.ApplyAsync(Cmd("next"), ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        foreach (var (node, fsm, storage) in cluster.Members)
        {
            await Eventually.TrueAsync(() => fsm.Items.SequenceEqual(["keep", "next"]), $"{node.Id} kept its state");
            Assert.Equal(0, fsm.Restores);
        }
    }

    [Fact]
    public async Task A_restored_durable_server_comes_back_with_the_restored_state()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        var network = new ConsulSharp.Raft.Transport.InMemoryNetwork();
        ulong index;
        {
            var fsm = new TestStateMachine();
            var node = new RaftNode(RaftOptions.Local("a"), RaftStorage.OpenDirectory(dir.Path), network.CreateTransport("a"), fsm);
            await node.StartAsync(ct);
            await node.BootstrapAsync(new RaftConfiguration([new RaftServer("a", "a")]), ct);
            await Eventually.TrueAsync(() => node.IsLeader, "leader");
            await node.ApplyAsync(Cmd("old"), ct);
            index = await node.RestoreAsync(new MemoryStream(Cmd("restored")), ct);
            await node.ApplyAsync(Cmd("after"), ct);
            await node.DisposeAsync();
        }

        {
            var fsm = new TestStateMachine();
            var node = new RaftNode(RaftOptions.Local("a"), RaftStorage.OpenDirectory(dir.Path), new ConsulSharp.Raft.Transport.InMemoryNetwork().CreateTransport("a"), fsm);
            await node.StartAsync(ct);
            await Eventually.TrueAsync(() => fsm.Items.SequenceEqual(["restored", "after"]), "restart replays snapshot + later entry");
            Assert.True(node.Status.LastLogIndex > index);
            await node.DisposeAsync();
        }
    }

    /// <summary>A stream that blocks its first read until released.</summary>
    private sealed class GatedStream(byte[] data) : MemoryStream(data)
    {
        public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadStarted.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            return await base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
