using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class BlockingQueryTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    [Fact]
    public async Task Returns_at_once_without_min_index_or_when_index_is_past_it()
    {
        S.KvSet(5, Kv("k", "v"));
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(5ul, (await S.BlockingQueryAsync(0, (s, ws) => s.KvGet("k", ws), ct)).Index);
        Assert.Equal(5ul, (await S.BlockingQueryAsync(4, (s, ws) => s.KvGet("k", ws), ct)).Index);
    }

    [Fact]
    public async Task Blocks_until_the_watched_key_changes_and_ignores_other_writes()
    {
        S.KvSet(5, Kv("k", "v"));
        var ct = TestContext.Current.CancellationToken;
        var runs = 0;
        var pending = S.BlockingQueryAsync(5, (s, ws) =>
        {
            runs++;
            return s.KvGet("k", ws);
        }, ct);
        Assert.False(pending.IsCompleted);
        S.KvSet(6, Kv("other", "x"));
        Assert.True(S.HasWaiters(WatchKey.KvKey("k")));
        S.KvSet(7, Kv("k", "v2"));
        var r = await pending.WaitAsync(Generous, ct);
        Assert.Equal((7ul, "v2"), (r.Index, Str(r.Value)));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Timeout_returns_the_latest_result()
    {
        S.KvSet(5, Kv("k", "v"));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var pending = S.BlockingQueryAsync(5, (s, ws) => s.KvGet("k", ws), cts.Token);
        Assert.False(pending.IsCompleted);
        await cts.CancelAsync();
        var r = await pending.WaitAsync(Generous, TestContext.Current.CancellationToken);
        Assert.Equal(5ul, r.Index);
    }

    [Fact]
    public async Task Index_zero_is_reported_as_one()
    {
        var r = await S.BlockingQueryAsync(0, (s, ws) => s.KvGet("k", ws), TestContext.Current.CancellationToken);
        Assert.Equal(1ul, r.Index);
    }
}
