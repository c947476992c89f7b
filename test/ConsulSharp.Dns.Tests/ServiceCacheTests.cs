using ConsulSharp.Core.Structs;
using DnsClient;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsulSharp.Dns.Tests;

/// <summary>
/// The per-service-version cache of healthy instances and the bounded lazy shuffle: answers must stay exactly what
/// they were without them (fresh after any change, every instance reachable, trimming and TC unchanged).
/// </summary>
public sealed class ServiceCacheTests(DnsFixture fx)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ServiceInstance Svc(string id, string name, int port) => new() { Node = "", Id = id, Name = name, Port = port };

    [Fact]
    public async Task A_check_turning_critical_after_a_lookup_drops_the_instance_from_the_next_answer()
    {
        await fx.RegisterAsync("c1", "10.5.0.1", Svc("flip1", "flip", 1), HealthStatus.Passing);
        await fx.RegisterAsync("c2", "10.5.0.2", Svc("flip2", "flip", 2), HealthStatus.Passing);
        var client = fx.Client();
        Assert.Equal(2, (await client.QueryAsync("flip.service.consul", QueryType.A, cancellationToken: Ct)).Answers.Count);

        await fx.RegisterAsync("c2", "10.5.0.2", Svc("flip2", "flip", 2), HealthStatus.Critical);
        var after = await client.QueryAsync("flip.service.consul", QueryType.A, cancellationToken: Ct);
        Assert.Equal("10.5.0.1", Assert.Single(after.Answers.ARecords()).Address.ToString());

        await fx.RegisterAsync("c3", "10.5.0.3", Svc("flip3", "flip", 3), HealthStatus.Passing);
        Assert.Equal(2, (await client.QueryAsync("flip.service.consul", QueryType.A, cancellationToken: Ct)).Answers.Count);
    }

    [Fact]
    public async Task Filtered_instances_are_reused_until_the_service_changes()
    {
        await fx.RegisterAsync("k1", "10.6.0.1", Svc("keep1", "keep", 1), HealthStatus.Passing);
        var cache = new DnsServiceCache(onlyPassing: false);
        var first = cache.Get(fx.Server.State.Current, "keep", null);
        Assert.Same(first, cache.Get(fx.Server.State.Current, "KEEP", null));

        await fx.RegisterAsync("other", "10.6.0.9", Svc("unrelated1", "unrelated", 1), HealthStatus.Passing);
        Assert.Same(first, cache.Get(fx.Server.State.Current, "keep", null)); // another service's write: still valid

        await fx.RegisterAsync("k2", "10.6.0.2", Svc("keep2", "keep", 2), HealthStatus.Passing);
        var second = cache.Get(fx.Server.State.Current, "keep", null);
        Assert.NotSame(first, second);
        Assert.Equal(2, second.Length);
    }

    [Fact]
    public void Unknown_names_are_not_cached()
    {
        var cache = new DnsServiceCache(onlyPassing: false);
        for (var i = 0; i < 100; i++)
        {
            Assert.Empty(cache.Get(fx.Server.State.Current, "nope" + i, null));
        }

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Resolver_builds_only_the_capped_answers_and_still_reaches_every_instance()
    {
        var resolver = new DnsResolver(new DnsOptions { Datacenter = "dc1", Domain = "consul." }, () => fx.Server.State.Current, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(RawDns.Query("many.service.consul", 33), out var srv));
        var capped = resolver.Resolve(srv, maxAnswers: 4);
        Assert.Equal(4, capped.Answers.Count);
        Assert.Equal(4, capped.Additional.Count);
        Assert.Equal(4, capped.Answers.Select(a => a.Target).Distinct().Count());
        Assert.Equal(20, resolver.Resolve(srv).Answers.Count);

        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(RawDns.Query("many.service.consul", 1), out var a));
        var firsts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            firsts.Add(resolver.Resolve(a, maxAnswers: 1).Answers.Single().Address!.ToString());
        }

        Assert.Equal(20, firsts.Count); // each instance first with p = 1/20; missing one in 400 draws: p < 1e-7
    }

    [Fact]
    public void Answer_cap_follows_the_transport_limits_plus_one()
    {
        var options = new DnsOptions { Datacenter = "dc1", Domain = "consul." };
        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(RawDns.Query("x.service.consul", 1), out var plain));
        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(RawDns.Query("x.service.consul", 1, edns: 4096), out var edns));
        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(RawDns.Query("x.service.consul", 33), out var srv));
        Assert.Equal(options.UdpAnswerLimit + 1, DnsResponseWriter.AnswerCap(plain, tcp: false, options));
        Assert.Equal((4096 / 16) + 1, DnsResponseWriter.AnswerCap(edns, tcp: false, options));
        Assert.Equal(4097, DnsResponseWriter.AnswerCap(plain, tcp: true, options));
        Assert.Equal(1025, DnsResponseWriter.AnswerCap(srv, tcp: true, options));
    }
}
