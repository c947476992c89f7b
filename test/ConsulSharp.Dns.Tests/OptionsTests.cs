using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace ConsulSharp.Dns.Tests;

/// <summary>dns_config knobs, each on its own server over the fixture's catalog.</summary>
public sealed class OptionsTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_passing_drops_warning_instances()
    {
        await using var server = await fx.StartServerAsync(o => o with { OnlyPassing = true });
        var r = await fx.Client(server.Endpoints[0]).QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal("10.0.0.1", Assert.Single(r.Answers.ARecords()).Address.ToString());
    }

    [Fact]
    public async Task Ttls_for_nodes_and_services_with_exact_and_wildcard_keys()
    {
        await using var server = await fx.StartServerAsync(o => o with
        {
            NodeTtl = TimeSpan.FromSeconds(7),
            ServiceTtl = new Dictionary<string, TimeSpan> { ["web"] = TimeSpan.FromSeconds(30), ["ap*"] = TimeSpan.FromSeconds(9), ["*"] = TimeSpan.FromSeconds(5) },
        });
        var client = fx.Client(server.Endpoints[0]);
        Assert.All((await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)).Answers, a => Assert.Equal(30, a.InitialTimeToLive));
        Assert.All((await client.QueryAsync("api.service.consul", QueryType.A, cancellationToken: Ct)).Answers, a => Assert.Equal(9, a.InitialTimeToLive));
        Assert.All((await client.QueryAsync("many.service.consul", QueryType.A, cancellationToken: Ct)).Answers, a => Assert.Equal(5, a.InitialTimeToLive));
        Assert.Equal(7, (await client.QueryAsync("n1.node.consul", QueryType.A, cancellationToken: Ct)).Answers.Single().InitialTimeToLive);
    }

    [Fact]
    public async Task Default_ttl_is_zero()
    {
        var r = await fx.Client().QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.All(r.Answers, a => Assert.Equal(0, a.InitialTimeToLive));
    }

    [Fact]
    public async Task A_record_limit_caps_the_answer()
    {
        await using var server = await fx.StartServerAsync(o => o with { ARecordLimit = 4 });
        var r = await fx.Client(server.Endpoints[0]).QueryAsync("many.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal(4, r.Answers.Count);
    }

    [Fact]
    public async Task Plain_udp_client_gets_udp_answer_limit_with_tc_when_enable_truncate_and_all_over_tcp()
    {
        await using var server = await fx.StartServerAsync(o => o with { EnableTruncate = true });
        var ep = server.Endpoints[0];
        var udp = await RawDns.UdpAsync(ep, RawDns.Query("many.service.consul", 1));
        Assert.NotNull(udp);
        Assert.True(RawDns.Truncated(udp));
        Assert.Equal(3, RawDns.AnswerCount(udp));
        var tcp = await RawDns.TcpAsync(ep, RawDns.Query("many.service.consul", 1));
        Assert.False(RawDns.Truncated(tcp));
        Assert.Equal(20, RawDns.AnswerCount(tcp));
    }

    [Fact]
    public async Task Without_enable_truncate_the_cut_answer_has_no_tc()
    {
        var udp = await RawDns.UdpAsync(fx.Endpoint, RawDns.Query("many.service.consul", 1));
        Assert.NotNull(udp);
        Assert.False(RawDns.Truncated(udp));
        Assert.Equal(3, RawDns.AnswerCount(udp));
    }

    [Fact]
    public async Task Edns_client_gets_what_fits_its_buffer_and_srv_additionals_follow_the_answers()
    {
        await using var server = await fx.StartServerAsync(o => o with { EnableTruncate = true });
        var udp = await RawDns.UdpAsync(server.Endpoints[0], RawDns.Query("many.service.consul", 33, edns: 600));
        Assert.NotNull(udp);
        Assert.True(udp.Length <= 600);
        Assert.True(RawDns.Truncated(udp));
        var kept = RawDns.AnswerCount(udp);
        Assert.InRange(kept, 2, 19);

        // The library sees TC and retries over TCP, getting every record.
        var r = await fx.Client(server.Endpoints[0], ednsSize: 600).QueryAsync("many.service.consul", QueryType.SRV, cancellationToken: Ct);
        Assert.Equal(20, r.Answers.SrvRecords().Count());
        Assert.Equal(20, r.Additionals.ARecords().Count());
    }

    [Fact]
    public async Task Alt_domain_answers_with_its_own_names()
    {
        await using var server = await fx.StartServerAsync(o => o with { AltDomain = "test-domain." });
        var client = fx.Client(server.Endpoints[0]);
        var r = await client.QueryAsync("web.service.test-domain", QueryType.SRV, cancellationToken: Ct);
        Assert.All(r.Answers.SrvRecords(), s => Assert.EndsWith(".node.dc1.test-domain.", s.Target.Value, StringComparison.Ordinal));
        var nx = await client.QueryAsync("nope.service.test-domain", QueryType.A, cancellationToken: Ct);
        Assert.Equal("test-domain.", nx.Authorities.SoaRecords().Single().DomainName.Value);
        Assert.Equal(2, (await client.QueryAsync("web.service.consul", QueryType.A, cancellationToken: Ct)).Answers.Count);
    }

    [Fact]
    public async Task Disable_compression_makes_the_reply_larger()
    {
        await using var server = await fx.StartServerAsync(o => o with { DisableCompression = true });
        var plain = await RawDns.TcpAsync(server.Endpoints[0], RawDns.Query("web.service.consul", 33));
        var compressed = await RawDns.TcpAsync(fx.Endpoint, RawDns.Query("web.service.consul", 33));
        Assert.Equal(RawDns.AnswerCount(plain), RawDns.AnswerCount(compressed));
        Assert.True(plain.Length > compressed.Length, $"{plain.Length} vs {compressed.Length}");
    }

    [Fact]
    public async Task Recursors_answer_outside_names_and_failures_give_servfail()
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var fake = FakeUpstreamAsync(upstream, stop.Token);

        // A dead recursor first (sequential strategy): the server moves on to the next one.
        using var dead = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        dead.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = await fx.StartServerAsync(o => o with
        {
            Recursors = [(IPEndPoint)dead.LocalEndPoint!, (IPEndPoint)upstream.LocalEndPoint!],
            RecursorTimeout = TimeSpan.FromMilliseconds(300),
        });
        var r = await fx.Client(server.Endpoints[0]).QueryAsync("example.com", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.NoError, r.Header.ResponseCode);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), r.Answers.ARecords().Single().Address);
        Assert.True(r.Header.RecursionAvailable);

        await using var failing = await fx.StartServerAsync(o => o with { Recursors = [(IPEndPoint)dead.LocalEndPoint!], RecursorTimeout = TimeSpan.FromMilliseconds(200) });
        var f = await fx.Client(failing.Endpoints[0]).QueryAsync("example.com", QueryType.A, cancellationToken: Ct);
        Assert.Equal(DnsHeaderResponseCode.ServerFailure, f.Header.ResponseCode);
        Assert.True(f.Header.RecursionAvailable);
        await stop.CancelAsync();
        await fake;
    }

    /// <summary>Answers every query with one A record 203.0.113.9 (enough of a recursor for the relay test).</summary>
    private static async Task FakeUpstreamAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, ct);
                // Question ends after the name + 4; drop any additional (OPT) and append one A record.
                var end = 12;
                while (buffer[end] != 0)
                {
                    end += buffer[end] + 1;
                }

                end += 5;
                var reply = new byte[end + 16];
                buffer.AsSpan(0, end).CopyTo(reply);
                reply[2] = 0x81;
                reply[3] = 0x80;
                reply[7] = 1;
                reply[10] = 0;
                reply[11] = 0;
                byte[] rr = [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 203, 0, 113, 9];
                rr.CopyTo(reply, end);
                await socket.SendToAsync(reply, SocketFlags.None, from, ct);
                _ = n;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
