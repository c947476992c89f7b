using System.Net;
using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Transport;

/// <summary>Three nodes in one process over real loopback TCP with durable file storage.</summary>
public sealed class TcpClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Member
    {
        public required string Id { get; init; }

        public required string Dir { get; init; }

        public required IPEndPoint Endpoint { get; set; }

        public RaftNode? Node { get; set; }

        public TestStateMachine Fsm { get; set; } = new();

        public async Task StartAsync(Func<string, RaftOptions> options)
        {
            Fsm = new TestStateMachine();
            var transport = TcpRaftTransport.Listen(Endpoint);
            Endpoint = IPEndPoint.Parse(transport.LocalAddress);
            Node = new RaftNode(options(Id), RaftStorage.OpenDirectory(Dir), transport, Fsm);
            await Node.StartAsync(Ct);
        }
    }

    [Fact]
    public async Task Elect_replicate_fail_over_and_restart_from_disk()
    {
        using var tmp = new TempDir();
        Func<string, RaftOptions> options = id => RaftOptions.Local(id) with { SnapshotThreshold = 50, TrailingLogs = 10 };
        var members = Enumerable.Range(0, 3).Select(i => new Member
        {
            Id = "s" + i,
            Dir = Path.Combine(tmp.Path, "s" + i),
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
        }).ToList();
        try
        {
            foreach (var m in members)
            {
                await m.StartAsync(options);
            }

            var config = new RaftConfiguration(members.Select(m => new RaftServer(m.Id, m.Node!.Address)));
            foreach (var m in members)
            {
                await m.Node!.BootstrapAsync(config, Ct);
            }

            var leader = await Eventually.ValueAsync(() => members.FirstOrDefault(m => m.Node!.IsLeader), "first leader");
            var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i => leader.Node!.ApplyAsync(Encoding.UTF8.GetBytes("a" + i), Ct)));
            var last = results.Max(r => r.Index);
            foreach (var m in members)
            {
                await Eventually.TrueAsync(() => m.Node!.Status.AppliedIndex >= last, $"{m.Id} replicates");
            }

            // Kill the leader: the others elect a new one that commits.
            await leader.Node!.DisposeAsync();
            var survivors = members.Where(m => m != leader).ToList();
            var next = await Eventually.ValueAsync(() => survivors.FirstOrDefault(m => m.Node!.IsLeader), "new leader after the old one died");
            var more = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => next.Node!.ApplyAsync(Encoding.UTF8.GetBytes("b" + i), Ct)));

            // Restart the old leader from its directory: it recovers and catches up.
            await leader.StartAsync(options);
            var target = more.Max(r => r.Index);
            await Eventually.TrueAsync(() => leader.Node!.Status.AppliedIndex >= target, "restarted node catches up");
            Assert.Equal(next.Fsm.Items, leader.Fsm.Items);
            Assert.Equal(150, next.Fsm.Items.Count);
            Assert.Equal(next.Node!.Id, leader.Node!.Status.LeaderId);

            // The whole cluster restarts from disk and keeps every committed write. Compare against the items as they
            // were before the restart: after it, `next` is a fresh state machine that may still be replaying its log.
            var committed = next.Fsm.Items.ToArray();
            foreach (var m in members)
            {
                await m.Node!.DisposeAsync();
            }

            foreach (var m in members)
            {
                await m.StartAsync(options);
            }

            var third = await Eventually.ValueAsync(() => members.FirstOrDefault(m => m.Node!.IsLeader), "leader after full restart");
            await third.Node!.BarrierAsync(Ct);
            Assert.Equal(150, third.Fsm.Items.Count);
            Assert.Equal(committed, third.Fsm.Items);

            // A new server joins after compaction: it needs the snapshot streamed over TCP.
            var joiner = new Member { Id = "s3", Dir = Path.Combine(tmp.Path, "s3"), Endpoint = new IPEndPoint(IPAddress.Loopback, 0) };
            members.Add(joiner);
            await joiner.StartAsync(options);
            await third.Node.SnapshotAsync(Ct);
            await third.Node.AddVoterAsync(joiner.Id, joiner.Node!.Address, Ct);
            var fin = await third.Node.ApplyAsync(Encoding.UTF8.GetBytes("final"), Ct);
            await Eventually.TrueAsync(() => joiner.Node.Status.AppliedIndex >= fin.Index, "joiner catches up");
            Assert.True(joiner.Fsm.Restores >= 1, "joiner was restored from a streamed snapshot");
            Assert.Equal(third.Fsm.Items, joiner.Fsm.Items);
        }
        finally
        {
            foreach (var m in members)
            {
                if (m.Node is not null)
                {
                    await m.Node.DisposeAsync();
                }
            }
        }
    }

    [Fact]
    public void Message_codec_round_trips_every_field()
    {
        var m = new RaftMessage
        {
            Type = RaftMessageType.AppendEntries, Term = 9, From = "a", To = "bé", LogIndex = 41, LogTerm = 8, Commit = 40,
            Reject = true, PreVote = true, Transfer = true, RejectHint = 3, Seq = 77, Timestamp = -5,
            Entries = [new LogEntry(42, 9, LogEntryType.Command, new byte[] { 1, 2, 3 }), new LogEntry(43, 9, LogEntryType.Noop, Array.Empty<byte>())],
            Configuration = new RaftConfiguration([new RaftServer("a", "h:1")]),
        };
        var w = new System.Buffers.ArrayBufferWriter<byte>();
        MessageCodec.Encode(m, w);
        var d = MessageCodec.Decode(w.WrittenMemory.ToArray());
        Assert.Equal(m.ToString(), d.ToString());
        Assert.Equal((m.Seq, m.Timestamp, m.Transfer, m.RejectHint), (d.Seq, d.Timestamp, d.Transfer, d.RejectHint));
        Assert.Equal(new byte[] { 1, 2, 3 }, d.Entries[0].Data.ToArray());
        Assert.Equal(LogEntryType.Noop, d.Entries[1].Type);
        Assert.Equal(m.Configuration, d.Configuration);
        Assert.Equal(1, w.WrittenSpan[0]);
    }
}
