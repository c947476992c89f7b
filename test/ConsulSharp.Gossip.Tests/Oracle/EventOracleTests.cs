using System.Text;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using static ConsulSharp.Gossip.Tests.Oracle.OracleHelpers;

namespace ConsulSharp.Gossip.Tests.Oracle;

/// <summary>User events and queries crossing between our pool and a real serf agent.</summary>
public sealed class EventOracleTests
{
    [Fact]
    public async Task User_events_cross_both_ways()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-f", SerfArgs());
        await using var pool = await StartPoolAsync("cs-f");
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-f", "alive"), Patience, "serf lists cs-f alive", () => Describe(pool, agent));

        await agent.EventAsync("deploy", "v1");
        var received = new List<UserEvent>();
        await Eventually.WaitAsync(
            () =>
            {
                while (pool.Events.TryRead(out var e))
                {
                    if (e is UserEvent u)
                    {
                        received.Add(u);
                    }
                }

                return received.Any(u => u.Name == "deploy");
            },
            Patience,
            "we receive serf's deploy event",
            () => Describe(pool, agent));
        var deploy = received.Single(u => u.Name == "deploy");
        Assert.Equal("v1", Encoding.UTF8.GetString(deploy.Payload));
        Assert.True(deploy.Coalesce);

        await pool.UserEventAsync("from-cs", "hello"u8.ToArray(), coalesce: false, TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => agent.Output.Contains("from-cs", StringComparison.Ordinal), Patience, "serf logs our user event", () => agent.Output);
    }

    [Fact]
    public async Task Serf_query_gets_our_ack_and_response_and_our_query_gets_serfs_ack()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-g", SerfArgs());
        await using var pool = await StartPoolAsync("cs-g");
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-g", "alive"), Patience, "serf lists cs-g alive", () => Describe(pool, agent));

        var responder = Task.Run(
            async () =>
            {
                await foreach (var e in pool.Events.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (e is QueryEvent { Name: "uptime" } q)
                    {
                        await q.RespondAsync("up 42"u8.ToArray(), TestContext.Current.CancellationToken);
                        return;
                    }
                }
            },
            TestContext.Current.CancellationToken);
        var output = await agent.CliAsync("query", "-timeout=2s", "-format=json", "uptime", "now");
        await responder;
        Assert.Contains("cs-g", output, StringComparison.Ordinal);
        Assert.Contains("up 42", output, StringComparison.Ordinal);

        var result = await pool.QueryAsync("_serf_ping", ReadOnlyMemory<byte>.Empty, new SerfQueryOptions { RequestAck = true, Timeout = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);
        Assert.Contains("go-g", result.Acks);
        Assert.Contains("cs-g", result.Acks);
    }

    [Fact]
    public async Task Coordinates_are_exchanged_with_serf()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-j", SerfArgs());
        await using var pool = await StartPoolAsync("cs-j");
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);

        // serf caches our coordinate from our ack payloads; we cache its from its acks.
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return (await agent.CliAsync("rtt", "cs-j")).Contains("Estimated", StringComparison.Ordinal);
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            },
            Patience,
            "serf rtt to cs-j",
            () => Describe(pool, agent));
        await Eventually.WaitAsync(() => pool.GetCachedCoordinate("go-j") is not null, Patience, "we cache go-j's coordinate", () => Describe(pool, agent));
        Assert.True(pool.GetCoordinate().DistanceTo(pool.GetCachedCoordinate("go-j")!) < TimeSpan.FromSeconds(1));
    }
}
