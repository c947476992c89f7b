using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using static ConsulSharp.Gossip.Tests.Oracle.OracleHelpers;

namespace ConsulSharp.Gossip.Tests.Oracle;

/// <summary>Failure detection against real serf agents: SIGKILL of serf detected by us, our abrupt stop detected by serf.</summary>
public sealed class FailureOracleTests
{
    [Fact]
    public async Task Kill_9_of_serf_is_detected_by_us_as_failed()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-d", SerfArgs());
        await using var pool = await StartPoolAsync("cs-d");
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => WeSee(pool, "go-d", MemberStatus.Alive), Patience, "we list go-d alive", () => Describe(pool, agent));

        agent.Kill();
        var took = await Eventually.WaitAsync(() => WeSee(pool, "go-d", MemberStatus.Failed), Patience, "we list go-d failed", () => Describe(pool, agent));
        Assert.True(took < TimeSpan.FromSeconds(15), $"detection took {took}");
        var failed = false;
        while (pool.Events.TryRead(out var e))
        {
            failed |= e is MemberEvent { Type: MemberEventType.Failed } m && m.Members[0].Name == "go-d";
        }

        Assert.True(failed, "member-failed event raised");
    }

    [Fact]
    public async Task Our_abrupt_stop_is_detected_by_serf_as_failed()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-e", SerfArgs());
        var pool = await StartPoolAsync("cs-e");
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-e", "alive"), Patience, "serf lists cs-e alive", () => Describe(pool, agent));

        await pool.DisposeAsync();
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-e", "failed"), Patience, "serf lists cs-e failed", () => agent.Output);
    }
}
