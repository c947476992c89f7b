using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Node;

/// <summary>Followers must not acknowledge entries before they are fsynced; the leader batches many entries per fsync.</summary>
public sealed class FsyncOrderingTests
{
    [Fact]
    public async Task Acknowledgements_follow_the_fsync_and_fsyncs_are_batched()
    {
        var ct = TestContext.Current.CancellationToken;
        var network = new InMemoryNetwork();
        var nodes = new List<(RaftNode Node, RecordingLogStore Log)>();
        var violations = new List<string>();
        foreach (var id in new[] { "a", "b", "c" })
        {
            var log = new RecordingLogStore();
            var transport = new CheckingTransport(network.CreateTransport(id), log, violations);
            var node = new RaftNode(RaftOptions.Local(id), new RaftStorage(log, new InMemoryStableStore(), new InMemorySnapshotStore()), transport, new TestStateMachine());
            await node.StartAsync(ct);
            nodes.Add((node, log));
        }

        try
        {
            var config = new RaftConfiguration(nodes.Select(n => new RaftServer(n.Node.Id, n.Node.Address)));
            foreach (var n in nodes)
            {
                await n.Node.BootstrapAsync(config, ct);
            }

            var leader = await Eventually.ValueAsync(() => nodes.Select(n => n.Node).FirstOrDefault(n => n.IsLeader), "leader");
            var leaderLog = nodes.Single(n => n.Node == leader).Log;
            var syncsBefore = leaderLog.Syncs;
            var writes = Enumerable.Range(0, 2000).Select(i => leader.ApplyAsync(Encoding.UTF8.GetBytes("w" + i), ct)).ToList();
            await Task.WhenAll(writes);
            var syncs = leaderLog.Syncs - syncsBefore;
            Assert.True(syncs < 1000, $"2000 concurrent writes took {syncs} leader fsyncs: expected group commit");
            lock (violations)
            {
                Assert.Empty(violations);
            }
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.Node.DisposeAsync();
            }
        }
    }

    private sealed class RecordingLogStore : ILogStore
    {
        private readonly InMemoryLogStore _inner = new();
        private long _synced;
        private int _syncs;

        public ulong SyncedIndex => (ulong)Interlocked.Read(ref _synced);

        public int Syncs => Volatile.Read(ref _syncs);

        public ulong BaseIndex => _inner.BaseIndex;

        public ulong BaseTerm => _inner.BaseTerm;

        public ulong LastIndex => _inner.LastIndex;

        public IReadOnlyList<LogEntry> ReadAll() => _inner.ReadAll();

        public void Append(IReadOnlyList<LogEntry> entries)
        {
            if (entries.Count > 0 && entries[0].Index <= SyncedIndex)
            {
                Interlocked.Exchange(ref _synced, (long)entries[0].Index - 1);
            }

            _inner.Append(entries);
        }

        public void Sync()
        {
            Interlocked.Exchange(ref _synced, (long)_inner.LastIndex);
            Interlocked.Increment(ref _syncs);
        }

        public void Reset(ulong index, ulong term)
        {
            _inner.Reset(index, term);
            Interlocked.Exchange(ref _synced, (long)index);
        }

        public void CompactTo(ulong index) => _inner.CompactTo(index);

        public void Dispose() => _inner.Dispose();
    }

    private sealed class CheckingTransport(IRaftTransport inner, RecordingLogStore log, List<string> violations) : IRaftTransport
    {
        public string LocalAddress => inner.LocalAddress;

        public void Start(IRaftMessageHandler handler) => inner.Start(handler);

        public void Send(string address, RaftMessage message)
        {
            if (message.Type == RaftMessageType.AppendEntriesResponse && !message.Reject && message.LogIndex > log.SyncedIndex)
            {
                lock (violations)
                {
                    violations.Add($"{message.From} acknowledged {message.LogIndex} with only {log.SyncedIndex} synced");
                }
            }

            inner.Send(address, message);
        }

        public Task SendSnapshotAsync(string address, RaftMessage header, Stream data, CancellationToken cancellationToken) =>
            inner.SendSnapshotAsync(address, header, data, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
