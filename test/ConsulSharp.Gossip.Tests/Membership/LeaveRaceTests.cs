using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;

namespace ConsulSharp.Gossip.Tests.Membership;

/// <summary>
/// A graceful leave must end as <c>left</c> on every member, whatever order the serf leave intent, push/pull state and
/// memberlist's leave (a dead message about the leaver sent by the leaver) arrive in. Periodic push/pull is off so
/// that only the push/pull the test starts can carry state.
/// </summary>
public sealed class LeaveRaceTests
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);

    private static readonly MemberlistOptions NoAntiEntropy = MemberlistOptions.Lan with { PushPullInterval = TimeSpan.Zero };

    [Fact]
    public async Task Leave_is_left_when_the_leavers_push_pull_carried_its_leave_time_before_the_intent()
    {
        // The leaver's push/pull state lists itself with its status Lamport time (= the leave intent's time) and not
        // yet in LeftMembers, so the receiver applies that time as a join; the intent that follows has the same time.
        // serf's rule (intent time <= member time: ignore) then drops the intent, and memberlist's leave turned the
        // still-alive member into `failed` for good (nobody else to push/pull with at N = 3).
        await using var cluster = await ConvergedAsync("a", "b", "c");
        var (a, c) = (cluster.Pools[0], cluster.Pools[2]);

        var leave = c.LeaveAsync(TestContext.Current.CancellationToken);
        await c.MemberlistForTests.PushPullNodeAsync(a.LocalEndPoint, join: false, TestContext.Current.CancellationToken);
        await cluster.DriveAsync(leave, Ct, "c leaves");

        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Left) && FakeCluster.Sees(cluster.Pools[1], "c", MemberStatus.Left), TimeSpan.FromSeconds(5), "everyone sees c left");
        Assert.DoesNotContain(Drain(a), e => e is MemberEvent { Type: MemberEventType.Failed });
    }

    [Fact]
    public async Task Intent_with_the_time_a_push_pull_already_applied_still_marks_the_member_leaving()
    {
        await using var cluster = await ConvergedAsync("a", "b", "c");
        var (a, c) = (cluster.Pools[0], cluster.Pools[2]);

        var leave = c.LeaveAsync(TestContext.Current.CancellationToken);
        await c.MemberlistForTests.PushPullNodeAsync(a.LocalEndPoint, join: false, TestContext.Current.CancellationToken);

        // The intent is gossiped for a few rounds before memberlist's leave goes out: a must list c as leaving then.
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Leaving), TimeSpan.FromSeconds(2), "a sees c leaving");
        await cluster.DriveAsync(leave, Ct, "c leaves");
    }

    [Fact]
    public async Task Leave_is_left_when_memberlists_leave_arrives_and_the_intent_never_does()
    {
        // b never hears c directly and a's relay of the intent to b is lost; memberlist's leave reaches b through a.
        await using var cluster = await ConvergedAsync("a", "b", "c");
        var (a, b, c) = (cluster.Pools[0], cluster.Pools[1], cluster.Pools[2]);
        cluster.Network.SetLinkDropped(c.LocalEndPoint, b.LocalEndPoint, true);
        cluster.Network.SetLinkDropped(a.LocalEndPoint, b.LocalEndPoint, true);

        var leave = c.LeaveAsync(TestContext.Current.CancellationToken);
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Leaving) || FakeCluster.Sees(a, "c", MemberStatus.Left), Ct, "a has the intent");

        // Let a's retransmissions of the intent run out while b cannot hear them, then heal a → b only.
        await cluster.RunUntilAsync(() => a.IntentQueueLengthForTests == 0, Ct, "a's intent retransmissions done");
        cluster.Network.SetLinkDropped(a.LocalEndPoint, b.LocalEndPoint, false);
        await cluster.DriveAsync(leave, Ct, "c leaves");

        await cluster.RunUntilAsync(() => FakeCluster.Sees(b, "c", MemberStatus.Left), TimeSpan.FromSeconds(5), "b sees c left");
        Assert.DoesNotContain(Drain(b), e => e is MemberEvent { Type: MemberEventType.Failed });
    }

    [Fact]
    public async Task Over_real_sockets_a_leave_raced_by_the_leavers_push_pull_is_left()
    {
        // Same race as the first test, on loopback UDP/TCP with real time: the push/pull (a few ms over TCP) nearly
        // always beats the next gossip round (200 ms) that would carry the intent. Before the fix `a` listed c failed
        // for good (no third member to push/pull with).
        var ct = TestContext.Current.CancellationToken;
        await using var a = await StartSocketPoolAsync("a");
        await using var c = await StartSocketPoolAsync("c");
        await c.JoinAsync([$"127.0.0.1:{a.LocalEndPoint.Port}"], cancellationToken: ct);
        await Eventually.WaitAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Alive) && FakeCluster.Sees(c, "a", MemberStatus.Alive), TimeSpan.FromSeconds(10), "converged");
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // join intents retransmitted

        var leave = c.LeaveAsync(ct);
        await c.MemberlistForTests.PushPullNodeAsync(a.LocalEndPoint, join: false, ct);
        await leave;
        await c.DisposeAsync();
        await Eventually.WaitAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Left), TimeSpan.FromSeconds(5), "a sees c left", () => string.Join(", ", a.Members().Select(m => $"{m.Name}={m.Status}")));
        Assert.DoesNotContain(Drain(a), e => e is MemberEvent { Type: MemberEventType.Failed });
    }

    [Fact]
    public async Task A_rejoined_member_is_not_turned_leaving_by_a_peer_that_has_not_seen_the_rejoin()
    {
        // After c left, push/pulls between a and d keep raising c's status time (serf turns each LeftMembers entry
        // into a leave at time + 1). c restarts and rejoins through b, whose clock is behind, so c's join intent is
        // older than a's time for c: a lists c alive only through memberlist's alive message. Then d, which has not
        // heard of the rejoin (its UDP is cut), push/pulls into a with c still in LeftMembers: serf turns c `leaving`
        // on a for good (before the fix: a: c=Leaving). d's memberlist part of that push/pull lists c left at the
        // old incarnation, older than a's alive one, so its left entry is stale and is ignored.
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ConvergedAsync("a", "b", "c", "d");
        var (a, b, c, d) = (cluster.Pools[0], cluster.Pools[1], cluster.Pools[2], cluster.Pools[3]);
        var endpoint = c.LocalEndPoint;
        await cluster.DriveAsync(c.LeaveAsync(ct), Ct, "c leaves");
        await c.DisposeAsync();
        cluster.Pools.Remove(c);
        await cluster.RunUntilAsync(() => cluster.Pools.All(p => FakeCluster.Sees(p, "c", MemberStatus.Left)), Ct, "c left everywhere");
        var log = new System.Text.StringBuilder();
        string Times() => $"a={a.StatusLTimeForTests("c")} b={b.StatusLTimeForTests("c")} d={d.StatusLTimeForTests("c")}; ";
        log.Append("left: " + Times());
        for (var i = 0; i < 4; i++)
        {
            await d.MemberlistForTests.PushPullNodeAsync(a.LocalEndPoint, join: false, ct);
            await cluster.RunForAsync(TimeSpan.FromMilliseconds(50));
            log.Append("d->a: " + Times());
            await a.MemberlistForTests.PushPullNodeAsync(d.LocalEndPoint, join: false, ct);
            await cluster.RunForAsync(TimeSpan.FromMilliseconds(50));
            log.Append("a->d: " + Times());
        }

        cluster.Network.SetPacketsDropped(d.LocalEndPoint, true);
        var back = cluster.Add("c", NoAntiEntropy, endpoint: endpoint);
        await cluster.DriveAsync(back.JoinAsync([FakeCluster.Address(b)], cancellationToken: ct), Ct, "c rejoins through b");
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "c", MemberStatus.Alive) && FakeCluster.Sees(b, "c", MemberStatus.Alive), Ct, "a and b see c alive");
        await cluster.RunForAsync(TimeSpan.FromSeconds(2));
        log.Append("rejoined: " + Times() + $" c's own={back.StatusLTimeForTests("c")}; ");
        await d.MemberlistForTests.PushPullNodeAsync(a.LocalEndPoint, join: false, ct);
        cluster.Network.SetPacketsDropped(d.LocalEndPoint, false);
        await cluster.RunForAsync(TimeSpan.FromSeconds(5));
        log.Append("end: " + Times());
        Assert.True(cluster.Pools.All(p => FakeCluster.Sees(p, "c", MemberStatus.Alive)), cluster.Describe() + "\n" + log);
    }

    private static Task<SerfPool> StartSocketPoolAsync(string name) => SerfPool.StartAsync(
        new SerfOptions
        {
            NodeName = name,
            BindAddress = System.Net.IPAddress.Loopback,
            BindPort = 0,
            Memberlist = NoAntiEntropy,
            LeavePropagateDelay = TimeSpan.FromMilliseconds(100),
        },
        cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<FakeCluster> ConvergedAsync(params string[] names)
    {
        var cluster = new FakeCluster();
        foreach (var name in names)
        {
            var pool = cluster.Add(name, NoAntiEntropy);
            if (cluster.Pools.Count > 1)
            {
                await cluster.DriveAsync(pool.JoinAsync([FakeCluster.Address(cluster.Pools[0])], cancellationToken: TestContext.Current.CancellationToken), Ct, "join " + name);
            }
        }

        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        // Let the join intents and alive messages finish their retransmissions.
        await cluster.RunForAsync(TimeSpan.FromSeconds(3));
        foreach (var pool in cluster.Pools)
        {
            Drain(pool);
        }

        return cluster;
    }

    private static List<SerfEvent> Drain(SerfPool pool)
    {
        var events = new List<SerfEvent>();
        while (pool.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }
}
