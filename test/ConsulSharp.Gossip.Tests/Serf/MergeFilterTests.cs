using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;

namespace ConsulSharp.Gossip.Tests.Serf;

/// <summary>
/// <see cref="SerfOptions.MergeFilter"/> as serf's merge delegate: it refuses joins (both sides) and, through the alive
/// hook, members that reach a pool only by gossip from a third node.
/// </summary>
public sealed class MergeFilterTests
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);

    private static string? RefuseBad(IReadOnlyList<SerfMember> members) =>
        members.FirstOrDefault(m => m.Tags.GetValueOrDefault("kind") == "bad") is { } bad ? $"Member '{bad.Name}' is bad" : null;

    private static Dictionary<string, string> Bad => new() { ["kind"] = "bad" };

    [Fact]
    public async Task A_refused_member_gossiped_by_a_third_node_is_ignored_and_logged()
    {
        await using var cluster = new FakeCluster();
        var logs = new CollectingLoggerFactory();
        var a = cluster.Add("a", configure: o => o with { MergeFilter = RefuseBad }, loggerFactory: logs);
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "b joins a");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "a and b converged");

        var c = cluster.Add("c", configure: o => o with { Tags = Bad });
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(b)], cancellationToken: TestContext.Current.CancellationToken), Ct, "c joins b");
        await cluster.RunUntilAsync(() => FakeCluster.Sees(b, "c", MemberStatus.Alive) && logs.Entries.Any(e => e.EventId == 2150 && e.Message.Contains("'c'", StringComparison.Ordinal)), Ct, "b has c, a ignored its alive");
        await cluster.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.DoesNotContain(a.Members(), m => m.Name == "c");
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Alive), cluster.Describe());
        Assert.Contains(logs.Entries, e => e.Message == "ignoring alive message for 'c': Member 'c' is bad");
    }

    [Fact]
    public async Task A_refused_join_fails_on_the_joiner_and_leaves_the_pool_unchanged()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a", configure: o => o with { MergeFilter = RefuseBad });
        var c = cluster.Add("c", configure: o => o with { Tags = Bad, MergeFilter = static m => m.Any(x => x.Name == "a") ? "Member 'a' refused by c" : null });
        var join = c.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.DriveAsync(join, Ct, "refused join"));
        Assert.Contains("Member 'a' refused by c", error.Message, StringComparison.Ordinal);
        await cluster.RunForAsync(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(a.Members(), m => m.Name == "c");
        Assert.DoesNotContain(c.Members(), m => m.Name == "a");
    }
}
