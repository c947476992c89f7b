using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Serf;

public sealed class SerfUnitTests
{
    private static readonly TimeSpan Ct = TimeSpan.FromSeconds(30);

    [Fact]
    public void Lamport_clock_witness_and_increment()
    {
        var clock = new LamportClock();
        Assert.Equal(1UL, clock.Time);
        clock.Witness(0);
        Assert.Equal(1UL, clock.Time);
        clock.Witness(1);
        Assert.Equal(2UL, clock.Time);
        clock.Witness(10);
        Assert.Equal(11UL, clock.Time);
        Assert.Equal(12UL, clock.Increment());
    }

    [Theory]
    [InlineData("72h", 72 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1.5s", 1.5)]
    public void Go_durations_parse(string text, double seconds)
    {
        Assert.True(SerfPool.TryParseGoDuration(text, out var d));
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Fact]
    public void Tags_encoding_is_stable_and_legacy_meta_is_the_role()
    {
        var tags = new Dictionary<string, string> { ["role"] = "consul", ["dc"] = "dc1" };
        var reordered = new Dictionary<string, string> { ["dc"] = "dc1", ["role"] = "consul" };
        Assert.Equal(Tags.Encode(tags), Tags.Encode(reordered));
        Assert.Equal(new byte[] { 0xFF, 0x80 }, Tags.Encode(new Dictionary<string, string>()));
        Assert.Equal("web", Tags.Decode("web"u8)["role"]);
    }

    [Fact]
    public async Task Intent_for_an_unknown_node_is_applied_when_the_node_appears()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        // a hears b's leave intent (LTime 5) before memberlist knows b: it must be buffered ...
        var leave = new MsgWriter();
        leave.WriteByte((byte)SerfMessageType.Leave);
        new SerfLeave(5, "b", false).Encode(leave);
        a.MemberlistForTests.AliveNode(new Alive(1, "zz", [127, 0, 0, 9], 9, [0xFF, 0x80], [1, 5, 2, 2, 5, 4]), null, bootstrap: false);
        var peer = cluster.Network.CreateTransport();
        var user = new byte[leave.Length + 1];
        user[0] = (byte)MessageType.User;
        leave.WrittenSpan.CopyTo(user.AsSpan(1));
        await peer.SendPacketAsync(a.LocalEndPoint, user, TestContext.Current.CancellationToken);
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(50));

        // ... and when b then joins with an older status time, a lists it as leaving (the intent wins).
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(() => a.Members().Any(m => m.Name == "b"), Ct, "b known");
        Assert.Equal(MemberStatus.Leaving, a.Members().Single(m => m.Name == "b").Status);

        // b is alive and refutes the stale leave with a newer join intent.
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Alive), Ct, "b refutes the stale leave");
    }

    [Fact]
    public async Task Force_leave_moves_a_failed_member_to_left_and_prune_reaps_it()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        cluster.Network.SetReachable(b.LocalEndPoint, false);
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Failed), Ct, "failed");

        await cluster.DriveAsync(a.RemoveFailedNodeAsync("b", prune: false, TestContext.Current.CancellationToken), Ct, "force-leave");
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Left));
        await cluster.DriveAsync(a.RemoveFailedNodeAsync("b", prune: true, TestContext.Current.CancellationToken), Ct, "prune");
        Assert.DoesNotContain(a.Members(), m => m.Name == "b");
    }

    [Fact]
    public async Task Left_members_in_push_pull_state_turn_a_failed_member_into_left()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");
        cluster.Network.SetReachable(b.LocalEndPoint, false);
        await cluster.RunUntilAsync(() => FakeCluster.Sees(a, "b", MemberStatus.Failed), Ct, "failed");

        // A peer's push/pull state says b left (e.g. it saw b's graceful leave that we missed).
        var state = SerfPool.Encode(SerfMessageType.PushPull, new SerfPushPull(9, new Dictionary<string, ulong> { ["a"] = 1, ["b"] = 3 }, ["b"], 1, [], 1).Encode);
        a.MergeRemoteState(state, join: false);
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Left));
    }

    [Fact]
    public async Task A_rejoined_member_stays_alive_when_stale_push_pull_state_still_lists_it_left()
    {
        // serf makes a leave at (left member's time + 1) from a push/pull's LeftMembers; a member that rejoined with a
        // join intent at exactly that time must stay alive (serf's strict "not newer: ignore"), unlike a gossiped
        // leave intent equal to the member's time (LeaveRaceTests).
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        var b = cluster.Add("b");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(() => cluster.AllSeeAllAlive() && a.StatusLTimeForTests("b") > 0, Ct, "converged, b's join intent applied");
        var joinTime = a.StatusLTimeForTests("b");

        var state = SerfPool.Encode(SerfMessageType.PushPull, new SerfPushPull(joinTime + 5, new Dictionary<string, ulong> { ["a"] = 1, ["b"] = joinTime - 1 }, ["b"], 1, [], 1).Encode);
        a.MergeRemoteState(state, join: false);
        Assert.True(FakeCluster.Sees(a, "b", MemberStatus.Alive), cluster.Describe());
    }

    [Fact]
    public async Task Events_from_push_pull_are_delivered_once_and_ignored_on_join_with_ignore_old()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        await a.UserEventAsync("old", "1"u8.ToArray(), false, TestContext.Current.CancellationToken);
        var b = cluster.Add("b");
        var c = cluster.Add("c");
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join b");
        await cluster.DriveAsync(c.JoinAsync([FakeCluster.Address(a)], ignoreOld: true, TestContext.Current.CancellationToken), Ct, "join c");
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));
        int Count(SerfPool p)
        {
            var n = 0;
            while (p.Events.TryRead(out var e))
            {
                n += e is UserEvent { Name: "old" } ? 1 : 0;
            }

            return n;
        }

        Assert.Equal(1, Count(b));
        Assert.Equal(0, Count(c));
    }

    [Fact]
    public async Task User_event_limits_are_enforced()
    {
        await using var cluster = new FakeCluster();
        var a = cluster.Add("a");
        await Assert.ThrowsAsync<ArgumentException>(() => a.UserEventAsync("big", new byte[600], false, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => a.SetTagsAsync(new Dictionary<string, string> { ["x"] = new string('y', 600) }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Keyring_can_be_rotated_through_key_queries()
    {
        await using var cluster = new FakeCluster();
        const string k1 = "OEnRL/2cL3hHWjfsAPD+bgitNyRWn2MLto/3Rcu6DSI=";
        const string k2 = "5K9OtfP7efFrNKe5WCQvXvnaXJ5cWP0SvXiwe0kkjM4=";
        var a = cluster.Add("a", configure: o => o with { Keyring = Keyring.FromBase64(k1) });
        var b = cluster.Add("b", configure: o => o with { Keyring = Keyring.FromBase64(k1) });
        await cluster.DriveAsync(b.JoinAsync([FakeCluster.Address(a)], cancellationToken: TestContext.Current.CancellationToken), Ct, "join");
        await cluster.RunUntilAsync(cluster.AllSeeAllAlive, Ct, "converged");

        var install = await cluster.DriveAsync(a.InstallKeyAsync(k2, TestContext.Current.CancellationToken), Ct, "install");
        Assert.True(install.Success, string.Join(",", install.Errors));
        var use = await cluster.DriveAsync(a.UseKeyAsync(k2, TestContext.Current.CancellationToken), Ct, "use");
        Assert.True(use.Success);
        Assert.Equal(k2, Convert.ToBase64String(b.Keyring!.PrimaryKey));
        var remove = await cluster.DriveAsync(a.RemoveKeyAsync(k1, TestContext.Current.CancellationToken), Ct, "remove");
        Assert.True(remove.Success);
        var list = await cluster.DriveAsync(a.ListKeysAsync(TestContext.Current.CancellationToken), Ct, "list");
        Assert.Equal(2, list.Keys[k2]);
        Assert.False(list.Keys.ContainsKey(k1));
        await cluster.RunForAsync(TimeSpan.FromSeconds(3));
        Assert.True(cluster.AllSeeAllAlive());
    }
}
