using System.Net;
using DnsClient;

namespace ConsulSharp.Dns.Tests;

public sealed class BadInputTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Zero_and_two_questions_are_formerr()
    {
        var zero = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query("web.service.consul", 1, qdCount: 0));
        Assert.Equal(1, RawDns.Rcode(zero!));
        Assert.Equal(0x1234, RawDns.Id(zero!));
        var two = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query("web.service.consul", 1, qdCount: 2));
        Assert.Equal(1, RawDns.Rcode(two!));
    }

    [Fact]
    public async Task Other_opcodes_and_classes_are_notimp_and_axfr_is_notimp()
    {
        var status = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query("web.service.consul", 1, flags: 2 << 11));
        Assert.Equal(4, RawDns.Rcode(status!));
        var chaos = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query("web.service.consul", 1, cls: 3));
        Assert.Equal(4, RawDns.Rcode(chaos!));
        var axfr = await RawDns.TcpAsync(fx.Endpoint, RawDns.Query("consul", 252));
        Assert.Equal(4, RawDns.Rcode(axfr));
    }

    [Fact]
    public async Task Compression_loops_and_truncated_names_are_formerr()
    {
        byte[] header = [0xAB, 0xCD, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
        byte[] selfLoop = [.. header, 0xC0, 12, 0, 1, 0, 1];
        byte[] forward = [.. header, 0xC0, 14, 3, (byte)'f', (byte)'o', (byte)'o', 0, 0, 1, 0, 1];
        byte[] cut = [.. header, 10, (byte)'a', (byte)'b'];
        byte[] badLabelType = [.. header, 0x80, 0, 0, 1, 0, 1];
        foreach (var p in new[] { selfLoop, forward, cut, badLabelType })
        {
            var r = await RawDns.UdpAsync(fx.Endpoint, p);
            Assert.NotNull(r);
            Assert.Equal(1, RawDns.Rcode(r));
            Assert.Equal(0xABCD, RawDns.Id(r));
        }
    }

    [Fact]
    public async Task Responses_and_runts_get_no_reply()
    {
        var response = RawDns.Query("web.service.consul", 1, flags: 0x8100);
        Assert.Null(await RawDns.UdpAsync(fx.Endpoint, response, TimeSpan.FromMilliseconds(300)));
        Assert.Null(await RawDns.UdpAsync(fx.Endpoint, [1, 2, 3], TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Fuzzed_packets_never_crash_and_udp_replies_respect_the_size_limit()
    {
        var rng = new Random(20261130);
        string[] names = ["web.service.consul", "_web._tcp.service.consul", "n1.node.consul", "many.service.consul", "1.0.0.10.in-addr.arpa", "consul", "0a000001.addr.dc1.consul"];
        ushort[] types = [1, 2, 6, 12, 16, 28, 33, 255, 252, 15];
        using var udp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        await udp.ConnectAsync(fx.Endpoint, Ct);
        var buffer = new byte[65535];
        var replies = 0;
        for (var i = 0; i < 3000; i++)
        {
            byte[] packet;
            var mode = i % 3;
            if (mode == 0)
            {
                packet = new byte[rng.Next(0, 600)];
                rng.NextBytes(packet);
            }
            else
            {
                int? edns = rng.Next(3) == 0 ? rng.Next(0, 5000) : null;
                packet = RawDns.Query(names[rng.Next(names.Length)], types[rng.Next(types.Length)], edns: edns);
                if (mode == 2)
                {
                    var flips = rng.Next(1, 6);
                    for (var f = 0; f < flips; f++)
                    {
                        packet[rng.Next(packet.Length)] = (byte)rng.Next(256);
                    }
                }
            }

            await udp.SendAsync(packet, System.Net.Sockets.SocketFlags.None, Ct);
            if (i % 50 == 0)
            {
                // Drain what came back so far and check each reply's size against what the query could allow.
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    while (true)
                    {
                        var n = await udp.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, cts.Token);
                        Assert.True(n <= 4999, $"reply of {n} bytes");
                        Assert.True((buffer[2] & 0x80) != 0, "reply without QR");
                        replies++;
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        Assert.True(replies > 100, $"only {replies} replies");

        // Still serving.
        var r = await fx.Client().QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(2, r.Answers.Count);
        var tcp = await fx.Client(tcpOnly: true).QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(2, tcp.Answers.Count);
    }

    [Fact]
    public async Task Plain_udp_replies_never_exceed_512_bytes()
    {
        foreach (var type in new ushort[] { 1, 33, 255, 16 })
        {
            foreach (var name in new[] { "many.service.consul", "n1.node.consul", "consul" })
            {
                var r = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query(name, type));
                Assert.NotNull(r);
                Assert.True(r.Length <= 512, $"{name}/{type}: {r.Length}");
            }
        }
    }

    [Fact]
    public async Task Tcp_connection_serves_several_queries_and_survives_garbage_elsewhere()
    {
        using var garbage = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await garbage.ConnectAsync(fx.Endpoint, Ct);
        await garbage.SendAsync(new byte[] { 0, 5, 1, 2, 3, 4, 5 }, System.Net.Sockets.SocketFlags.None, Ct);
        var client = fx.Client(tcpOnly: true);
        for (var i = 0; i < 3; i++)
        {
            var r = await client.QueryAsync("n1.node.consul", QueryType.A, cancellationToken: Ct);
            Assert.Equal(IPAddress.Parse("10.0.0.1"), ((DnsClient.Protocol.ARecord)r.Answers.Single()).Address);
        }
    }
}
