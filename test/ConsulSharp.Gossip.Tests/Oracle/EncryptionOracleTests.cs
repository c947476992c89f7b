using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Wire;
using static ConsulSharp.Gossip.Tests.Oracle.OracleHelpers;

namespace ConsulSharp.Gossip.Tests.Oracle;

/// <summary>Encrypted pools with real serf agents: both join directions, wrong keys refused, key listing.</summary>
public sealed class EncryptionOracleTests
{
    private const string Key = "OEnRL/2cL3hHWjfsAPD+bgitNyRWn2MLto/3Rcu6DSI=";
    private const string OtherKey = "5K9OtfP7efFrNKe5WCQvXvnaXJ5cWP0SvXiwe0kkjM4=";

    [Fact]
    public async Task Encrypted_join_works_both_ways_and_keys_can_be_listed()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-h", SerfArgs("-encrypt", Key));
        await using var pool = await StartPoolAsync("cs-h", keyring: Keyring.FromBase64(Key));
        await pool.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "cs-h", "alive"), Patience, "serf lists cs-h alive", () => Describe(pool, agent));

        await using var agent2 = await SerfAgent.StartAsync("go-h2", SerfArgs("-encrypt", Key));
        await agent2.JoinAsync($"127.0.0.1:{pool.LocalEndPoint.Port}");
        await Eventually.WaitAsync(() => WeSee(pool, "go-h2", MemberStatus.Alive), Patience, "we list go-h2 alive", () => Describe(pool, agent2));

        await Eventually.WaitAsync(() => SerfSeesAsync(agent, "go-h2", "alive"), Patience, "go-h sees go-h2 through us", () => Describe(pool, agent));
        var keys = await agent.CliAsync("keys", "-list");
        Assert.Contains("[3/3]", keys, StringComparison.Ordinal);

        // A key query counts the answers that arrive within the query timeout; under CI load one UDP answer can come
        // late, so ask again rather than fail on one short count (serf's own `keys -list` above saw all three).
        await Eventually.WaitAsync(async () => (await pool.ListKeysAsync(TestContext.Current.CancellationToken)).Keys.GetValueOrDefault(Key) == 3, Patience, "our key query counts all three members", () => Describe(pool, agent));
    }

    [Fact]
    public async Task Wrong_key_and_plaintext_are_refused_both_ways()
    {
        SkipWithoutSerf();
        await using var agent = await SerfAgent.StartAsync("go-i", SerfArgs("-encrypt", Key));
        await using var wrong = await StartPoolAsync("cs-i-wrong", keyring: Keyring.FromBase64(OtherKey));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("No installed keys could decrypt the message", ex.Message, StringComparison.Ordinal);

        await using var plain = await StartPoolAsync("cs-i-plain");
        var ex2 = await Assert.ThrowsAsync<InvalidOperationException>(() => plain.JoinAsync([agent.Address], cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("encrypt", ex2.Message, StringComparison.OrdinalIgnoreCase);

        await using var encrypted = await StartPoolAsync("cs-i", keyring: Keyring.FromBase64(Key));
        await using var intruder = await SerfAgent.StartAsync("go-i-wrong", SerfArgs("-encrypt", OtherKey));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => intruder.JoinAsync($"127.0.0.1:{encrypted.LocalEndPoint.Port}"));
        Assert.Contains("No installed keys could decrypt the message", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(encrypted.Members(), m => m.Name == "go-i-wrong");
    }
}
