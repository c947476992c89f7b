using ConsulSharp.Gossip.Membership;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Gossip.Tests.Membership;

public sealed class ComponentTests
{
    [Theory]
    [InlineData(4, 1, 4)]
    [InlineData(4, 9, 4)]
    [InlineData(4, 10, 8)]
    [InlineData(4, 99, 8)]
    [InlineData(4, 100, 12)]
    [InlineData(2, 30, 4)]
    public void Retransmit_limit_is_mult_times_ceil_log10_n_plus_1(int mult, int n, int expected) =>
        Assert.Equal(expected, TransmitLimitedQueue.RetransmitLimit(mult, n));

    [Fact]
    public void Queue_retires_after_the_limit_and_serves_fewest_transmits_first()
    {
        var queue = new TransmitLimitedQueue(() => 3, 2);
        var done = new TaskCompletionSource();
        queue.Enqueue([1, 1, 1], null, done);
        Assert.Single(queue.GetBroadcasts(2, 1400));
        queue.Enqueue([2], null);
        var second = queue.GetBroadcasts(2, 1400);
        Assert.Equal([2], second[0]);
        Assert.True(done.Task.IsCompleted, "retired after 2 transmissions (limit 2 × ceil(log10 4))");
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Queue_replaces_messages_with_the_same_key_and_respects_the_size_limit()
    {
        var queue = new TransmitLimitedQueue(() => 10, 4);
        var old = new TaskCompletionSource();
        queue.Enqueue(new byte[10], "node-a", old);
        queue.Enqueue(new byte[20], "node-a");
        Assert.True(old.Task.IsCompleted);
        Assert.Equal(1, queue.Count);
        queue.Enqueue(new byte[100], null);
        var batch = queue.GetBroadcasts(2, 50);
        Assert.Single(batch);
        Assert.Equal(20, batch[0].Length);
    }

    [Fact]
    public void Suspicion_timeout_matches_memberlist_formula()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), Memberlist.SuspicionTimeout(4, 10, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(4), Memberlist.SuspicionTimeout(4, 3, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(4 * 1.477), Memberlist.SuspicionTimeout(4, 30, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(8), Memberlist.SuspicionTimeout(4, 100, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Remaining_suspicion_time_shrinks_logarithmically_with_confirmations()
    {
        var min = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromSeconds(30);
        Assert.Equal(max, Suspicion.RemainingTime(0, 3, TimeSpan.Zero, min, max));
        Assert.Equal(TimeSpan.FromSeconds(16), Suspicion.RemainingTime(1, 3, TimeSpan.Zero, min, max));
        Assert.Equal(TimeSpan.FromMilliseconds(7810), Suspicion.RemainingTime(2, 3, TimeSpan.Zero, min, max));
        Assert.Equal(min, Suspicion.RemainingTime(3, 3, TimeSpan.Zero, min, max));
        Assert.Equal(min - TimeSpan.FromSeconds(1), Suspicion.RemainingTime(4, 3, TimeSpan.FromSeconds(1), min, max));
    }

    [Fact]
    public void Suspicion_fires_at_max_without_confirmations_and_earlier_with_them()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var s = new Suspicion("a", 2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12), time, _ => fired++);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(s.Confirm("b"));
        Assert.False(s.Confirm("b"));
        Assert.False(s.Confirm("a"));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, fired);
        time.Advance(TimeSpan.FromSeconds(1.8));
        Assert.Equal(1, fired);

        var fired2 = 0;
        using var none = new Suspicion("a", 0, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(12), time, _ => fired2++);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, fired2);
    }

    [Fact]
    public void Awareness_scales_timeouts_and_is_capped()
    {
        var a = new Awareness(8);
        Assert.Equal(TimeSpan.FromSeconds(1), a.Scale(TimeSpan.FromSeconds(1)));
        a.ApplyDelta(3);
        Assert.Equal(TimeSpan.FromSeconds(4), a.Scale(TimeSpan.FromSeconds(1)));
        a.ApplyDelta(100);
        Assert.Equal(7, a.Score);
        a.ApplyDelta(-100);
        Assert.Equal(0, a.Score);
    }

    [Fact]
    public void Push_pull_interval_scales_above_32_nodes()
    {
        var i = TimeSpan.FromSeconds(30);
        Assert.Equal(i, Memberlist.PushPullScale(i, 32));
        Assert.Equal(i * 2, Memberlist.PushPullScale(i, 33));
        Assert.Equal(i * 3, Memberlist.PushPullScale(i, 100));
    }

    [Fact]
    public void Profiles_match_memberlist_defaults()
    {
        var lan = MemberlistOptions.Lan;
        Assert.Equal((1000, 500, 3, 4, 200, 3, 4, 30), ((int)lan.ProbeInterval.TotalMilliseconds, (int)lan.ProbeTimeout.TotalMilliseconds, lan.IndirectChecks, lan.SuspicionMult, (int)lan.GossipInterval.TotalMilliseconds, lan.GossipNodes, lan.RetransmitMult, (int)lan.PushPullInterval.TotalSeconds));
        var wan = MemberlistOptions.Wan;
        Assert.Equal((5000, 3000, 6, 500, 4, 60, 30), ((int)wan.ProbeInterval.TotalMilliseconds, (int)wan.ProbeTimeout.TotalMilliseconds, wan.SuspicionMult, (int)wan.GossipInterval.TotalMilliseconds, wan.GossipNodes, (int)wan.PushPullInterval.TotalSeconds, (int)wan.TcpTimeout.TotalSeconds));
        var local = MemberlistOptions.Local;
        Assert.Equal((200, 1, 3, 100, 2, 15, 1), ((int)local.ProbeTimeout.TotalMilliseconds, local.IndirectChecks, local.SuspicionMult, (int)local.GossipInterval.TotalMilliseconds, local.RetransmitMult, (int)local.PushPullInterval.TotalSeconds, (int)local.TcpTimeout.TotalSeconds));
        Assert.All([lan, wan, local], p => Assert.True(p.EnableCompression && p.SuspicionMaxTimeoutMult == 6 && p.AwarenessMaxMultiplier == 8 && p.UdpBufferSize == 1400));
    }

    [Fact]
    public void Wire_enum_values_are_frozen()
    {
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 244 }, Enum.GetValues<ConsulSharp.Gossip.Wire.MessageType>().Select(v => (byte)v));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), Enum.GetValues<ConsulSharp.Gossip.Wire.SerfMessageType>().Select(v => (byte)v));
        Assert.Equal([0, 1, 2, 3], Enum.GetValues<NodeStateKind>().Select(v => (int)v));
    }
}
