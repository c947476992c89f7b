using System.Net;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Transport;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Membership;

/// <summary>Hostile or broken input is dropped with a log line and the node keeps working.</summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Garbage_packets_are_dropped_with_a_log_line_and_the_node_keeps_working()
    {
        await using var cluster = new FakeCluster();
        var logs = new CollectingLoggerFactory();
        var a = cluster.Add("a", loggerFactory: logs);
        var attacker = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;

        var valid = Framing.Encode(MessageType.Ping, new Ping(1, "a").Encode);
        var crcBad = Framing.AddCrc(valid);
        crcBad[^1] ^= 1;
        var bomb = Framing.Compress(new byte[4 << 20]);
        byte[][] packets0 =
        [
            [],
            [0xFF, 0x00, 0x13],
            valid[..^3],
            crcBad,
            [7, 3, 0, 10],
            Framing.MakeCompound([valid, valid])[..^3],
            Framing.MakeCompound([valid, [4, 0x85]]),
            bomb,
            [9, 0x82, 0xA4, (byte)'A', (byte)'l', (byte)'g', (byte)'o', 0x07],
            [244, 200, 1],
            [4, 0xDF, 0xFF, 0xFF, 0xFF, 0xFF],
            [8, 0x04, 0x81],
        ];
        var packets = packets0.ToList();
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var junk = new byte[random.Next(1, 300)];
            random.NextBytes(junk);
            packets.Add(junk);
        }

        foreach (var p in packets)
        {
            await attacker.SendPacketAsync(a.LocalEndPoint, p, ct);
        }

        await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        Assert.Contains(logs.Entries, e => e.EventId == 2100 && e.Message.Contains("checksum", StringComparison.Ordinal));
        Assert.True(logs.Entries.Any(e => e.EventId == 2100 && e.Message.Contains("limit", StringComparison.Ordinal)), string.Join("\n", logs.Entries));
        Assert.True(logs.Entries.Any(e => e.EventId == 2102), string.Join("\n", logs.Entries));

        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: ct), Ct, "join after garbage");
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Alive) && FakeCluster.Sees(b, "a", MemberStatus.Alive), Ct, "still converges");
    }

    [Fact]
    public async Task Garbage_and_oversized_streams_are_dropped_and_the_node_keeps_working()
    {
        await using var cluster = new FakeCluster();
        var logs = new CollectingLoggerFactory();
        var a = cluster.Add("a", loggerFactory: logs);
        var attacker = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;

        async Task SendStream(byte[] bytes)
        {
            var s = await attacker.DialAsync(a.LocalEndPoint, TimeSpan.FromSeconds(1), ct);
            await s.WriteAsync(bytes, ct);
            await s.DisposeAsync();
        }

        var header = new MsgWriter();
        header.WriteByte((byte)MessageType.PushPull);
        new PushPullHeader(1, 0, true).Encode(header);
        var tooMany = new MsgWriter();
        tooMany.WriteByte((byte)MessageType.PushPull);
        tooMany.WriteMapHeader(1);
        tooMany.WriteString("Nodes");
        tooMany.WriteUInt(50_000_000);

        await SendStream([0x42, 1, 2, 3]);
        await SendStream(header.ToArray());
        await SendStream(tooMany.ToArray());
        await SendStream([10, 0xFF, 0xFF, 0xFF, 0xFF]);
        await SendStream([9, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF]);
        await cluster.RunForAsync(TimeSpan.FromSeconds(2));
        Assert.True(logs.Entries.Count(e => e.EventId is 2103 or 2118) >= 4, string.Join("\n", logs.Entries));

        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: ct), Ct, "join after garbage");
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Alive), Ct, "still converges");
    }

    [Fact]
    public async Task Ping_for_another_node_name_is_ignored()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var peer = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;
        await peer.SendPacketAsync(a.LocalEndPoint, Framing.Encode(MessageType.Ping, new Ping(5, "someone-else").Encode), ct);
        await peer.SendPacketAsync(a.LocalEndPoint, Framing.Encode(MessageType.Ping, new Ping(6, "a").Encode), ct);
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(200));
        var acks = new List<uint>();
        while (peer.Packets.TryRead(out var p))
        {
            foreach (var line in WireWalker.Packet(p.Buffer))
            {
                if (line.StartsWith("ack ", StringComparison.Ordinal))
                {
                    acks.Add(uint.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        Assert.Equal([6u], acks);
    }

    [Fact]
    public async Task Indirect_ping_is_relayed_and_nacked_when_the_target_is_silent()
    {
        await using var cluster = new FakeCluster();
        var relay = cluster.Add("relay");
        var requester = cluster.Network.CreateTransport();
        var silent = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;
        var self = requester.LocalEndPoint;
        var request = new IndirectPingRequest(77, [127, 0, 0, 1], (ushort)silent.LocalEndPoint.Port, "target", true, [127, 0, 0, 1], (ushort)self.Port, "req");
        await requester.SendPacketAsync(relay.LocalEndPoint, Framing.Encode(MessageType.IndirectPing, request.Encode), ct);
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(50));

        // the relay pings the target with its own sequence number ...
        Assert.True(silent.Packets.TryRead(out var ping));
        Assert.Contains("ping target", WireWalker.Packet(ping!.Buffer));

        // ... and nacks the requester after ProbeTimeout when no ack came back.
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(300));
        var lines = new List<string>();
        while (requester.Packets.TryRead(out var p))
        {
            lines.AddRange(WireWalker.Packet(p.Buffer));
        }

        Assert.Contains("nack 77", lines);
        Assert.DoesNotContain("ack 77", lines);
    }

    [Fact]
    public async Task Indirect_ping_ack_is_forwarded_with_the_requesters_sequence_number()
    {
        await using var cluster = new FakeCluster();
        var relay = cluster.Add("relay");
        var target = cluster.Add("target");
        var requester = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;
        var request = new IndirectPingRequest(91, [127, 0, 0, 1], (ushort)target.LocalEndPoint.Port, "target", true, [127, 0, 0, 1], (ushort)requester.LocalEndPoint.Port, "req");
        await requester.SendPacketAsync(relay.LocalEndPoint, Framing.Encode(MessageType.IndirectPing, request.Encode), ct);
        var lines = new List<string>();
        await cluster.RunUntilAsync(
            () =>
            {
                while (requester.Packets.TryRead(out var p))
                {
                    lines.AddRange(WireWalker.Packet(p.Buffer));
                }

                return lines.Contains("ack 91");
            },
            TimeSpan.FromSeconds(1),
            "forwarded ack");
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(400));
        while (requester.Packets.TryRead(out var p))
        {
            lines.AddRange(WireWalker.Packet(p.Buffer));
        }

        Assert.DoesNotContain("nack 91", lines);
    }

    [Fact]
    public async Task Plaintext_packets_are_dropped_by_an_encrypted_node_but_accepted_without_verify_incoming()
    {
        await using var cluster = new FakeCluster();
        var key = Keyring.FromBase64("OEnRL/2cL3hHWjfsAPD+bgitNyRWn2MLto/3Rcu6DSI=");
        var strict = cluster.Add("strict", configure: o => o with { Keyring = key });
        var lenient = cluster.Add("lenient", ConsulSharp.Gossip.Membership.MemberlistOptions.Local with { GossipVerifyIncoming = false }, o => o with { Keyring = Keyring.FromBase64("OEnRL/2cL3hHWjfsAPD+bgitNyRWn2MLto/3Rcu6DSI=") });
        var peer = cluster.Network.CreateTransport();
        var ct = TestContext.Current.CancellationToken;
        await peer.SendPacketAsync(strict.LocalEndPoint, Framing.Encode(MessageType.Ping, new Ping(1, "strict").Encode), ct);
        await peer.SendPacketAsync(lenient.LocalEndPoint, Framing.Encode(MessageType.Ping, new Ping(2, "lenient").Encode), ct);
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(100));
        var replies = new List<byte[]>();
        while (peer.Packets.TryRead(out var p))
        {
            replies.Add(p.Buffer);
        }

        var reply = Assert.Single(replies);
        Assert.Contains("ack 2", WireWalker.Packet(reply, key.Keys));
    }

    [Fact]
    public async Task In_memory_network_drops_traffic_to_unreachable_nodes()
    {
        var network = new InMemoryNetwork(TimeProvider.System);
        var a = network.CreateTransport();
        var b = network.CreateTransport();
        network.SetReachable(b.LocalEndPoint, false);
        await a.SendPacketAsync(b.LocalEndPoint, new byte[] { 1 }, TestContext.Current.CancellationToken);
        Assert.False(b.Packets.TryRead(out _));
        await Assert.ThrowsAnyAsync<IOException>(() => a.DialAsync(b.LocalEndPoint, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken).AsTask());
        Assert.NotEqual(IPAddress.None, a.LocalEndPoint.Address);
    }
}
