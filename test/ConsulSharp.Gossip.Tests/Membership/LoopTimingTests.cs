using System.Net;
using System.Threading.Channels;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Gossip.Tests.Membership;

/// <summary>memberlist drives gossip and probes from fixed-rate tickers: a slow round must not stretch the period.</summary>
public sealed class LoopTimingTests
{
    [Fact]
    public async Task Gossip_rounds_keep_the_ticker_rate_when_sends_are_slow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var network = new InMemoryNetwork(time);
        var transport = new SlowSendTransport(network.CreateTransport(), time, TimeSpan.FromMilliseconds(50));

        // No probes (huge interval): only gossip sends are counted. Every round has a broadcast for each of 3 peers.
        var options = MemberlistOptions.Lan with { ProbeInterval = TimeSpan.FromHours(1), PushPullInterval = TimeSpan.Zero };
        var memberlist = new Memberlist(new MemberlistConfig("a", options), transport, time, NullLogger.Instance);
        memberlist.SetDelegate(new AlwaysBroadcasting());
        memberlist.Start();
        for (var i = 1; i <= 3; i++)
        {
            memberlist.AliveNode(new Alive(1, "peer" + i, [127, 0, 0, 1], (ushort)(20000 + i), [], [1, 5, 2, 0, 0, 0]), null, bootstrap: false);
        }

        // Each round takes 3 × 50 ms = 150 ms < GossipInterval: a ticker keeps one round per 200 ms (Go's time.Ticker);
        // sleeping GossipInterval after each round would give one round per 350 ms.
        for (var step = 0; step < 500; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await memberlist.DisposeAsync();
        var rounds = transport.Sends / 3;
        Assert.InRange(rounds, 22, 26); // 5 s of protocol time / 200 ms, minus the start-up stagger
    }

    private sealed class AlwaysBroadcasting : IMemberlistDelegate
    {
        public void NotifyMessage(ReadOnlySpan<byte> message)
        {
        }

        public List<byte[]> GetBroadcasts(int overhead, int limit) => [[1, 2, 3]];

        public byte[] LocalState(bool join) => [];

        public void MergeRemoteState(ReadOnlySpan<byte> state, bool join, IReadOnlySet<string> outdated)
        {
        }

        public string? NotifyMerge(IReadOnlyList<MemberlistNode> peers) => null;

        public string? NotifyAlive(MemberlistNode node) => null;

        public void NotifyJoin(MemberlistNode node)
        {
        }

        public void NotifyLeave(MemberlistNode node)
        {
        }

        public void NotifyUpdate(MemberlistNode node)
        {
        }

        public byte[]? AckPayload() => null;

        public void NotifyPingComplete(MemberlistNode node, TimeSpan rtt, byte[]? payload)
        {
        }
    }

    /// <summary>Each packet send takes <paramref name="sendTime"/> of protocol time.</summary>
    private sealed class SlowSendTransport(IGossipTransport inner, TimeProvider time, TimeSpan sendTime) : IGossipTransport
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

        public ChannelReader<IncomingPacket> Packets => inner.Packets;

        public ChannelReader<IncomingStream> Streams => inner.Streams;

        public async ValueTask SendPacketAsync(IPEndPoint destination, ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
        {
            await Task.Delay(sendTime, time, cancellationToken);
            Interlocked.Increment(ref _sends);
            await inner.SendPacketAsync(destination, packet, cancellationToken);
        }

        public ValueTask<Stream> DialAsync(IPEndPoint destination, TimeSpan timeout, CancellationToken cancellationToken) => inner.DialAsync(destination, timeout, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
