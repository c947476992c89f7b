using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace ConsulSharp.Integration.Tests.Kv;

public sealed class KvBlockingTests(KvAgentFixture f) : IClassFixture<KvAgentFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ulong> IndexOfAsync(string path) => KvAgentFixture.IndexOf((await f.SendAsync(HttpMethod.Get, path, null, Ct)).Response);

    [Fact]
    public async Task ReturnsWhenTheKeyChangesAndNotBefore()
    {
        await f.PutOkAsync("/v1/kv/blk/a", "1");
        var index = await IndexOfAsync("/v1/kv/blk/a");
        var pending = f.SendAsync(HttpMethod.Get, $"/v1/kv/blk/a?index={index}&wait=5s", null, Ct);
        await Task.Delay(400, Ct);
        Assert.False(pending.IsCompleted, "the blocking read returned before the key changed");

        var sw = Stopwatch.StartNew();
        await f.PutOkAsync("/v1/kv/blk/a", "2");
        var (status, body, res) = await pending;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"woke after {sw.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(KvAgentFixture.IndexOf(res) > index);
        Assert.Contains("\"Mg==\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesOutWithTheSameIndex()
    {
        await f.PutOkAsync("/v1/kv/blk/timeout", "1");
        var index = await IndexOfAsync("/v1/kv/blk/timeout");
        var sw = Stopwatch.StartNew();
        var (status, _, res) = await f.SendAsync(HttpMethod.Get, $"/v1/kv/blk/timeout?index={index}&wait=1s", null, Ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(index, KvAgentFixture.IndexOf(res));
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task AWriteToAnotherKeyDoesNotWakeIt()
    {
        await f.PutOkAsync("/v1/kv/blk/quiet", "1");
        var index = await IndexOfAsync("/v1/kv/blk/quiet");
        var pending = f.SendAsync(HttpMethod.Get, $"/v1/kv/blk/quiet?index={index}&wait=1500ms", null, Ct);
        await Task.Delay(200, Ct);
        await f.PutOkAsync("/v1/kv/blk/other", "x");
        await f.PutOkAsync("/v1/kv/blk/quiet2", "x");
        await Task.Delay(500, Ct);
        Assert.False(pending.IsCompleted, "a write to another key woke the blocking read");
        var (_, _, res) = await pending;
        Assert.Equal(index, KvAgentFixture.IndexOf(res));
    }

    [Fact]
    public async Task PrefixReadIndexMovesOnADeleteUnderIt()
    {
        await f.PutOkAsync("/v1/kv/tomb/a", "1");
        await f.PutOkAsync("/v1/kv/tomb/b", "2");
        var index = await IndexOfAsync("/v1/kv/tomb/?recurse");
        var pending = f.SendAsync(HttpMethod.Get, $"/v1/kv/tomb/?recurse&index={index}&wait=5s", null, Ct);
        await Task.Delay(300, Ct);
        Assert.False(pending.IsCompleted);
        var (s, _, _) = await f.SendAsync(HttpMethod.Delete, "/v1/kv/tomb/b", null, Ct);
        Assert.Equal(HttpStatusCode.OK, s);
        var (status, body, res) = await pending;
        Assert.Equal(HttpStatusCode.OK, status);
        var after = KvAgentFixture.IndexOf(res);
        Assert.True(after > index);
        using var doc = JsonDocument.Parse(body);
        Assert.Single(doc.RootElement.EnumerateArray());

        // The tombstone keeps the prefix's index: a fresh read reports the delete's index, so clients do not re-block below it.
        Assert.Equal(after, await IndexOfAsync("/v1/kv/tomb/?keys"));
    }

    [Fact]
    public async Task BlockingOnAMissingKeyReturnsWhenItAppears()
    {
        var (status0, _, res0) = await f.SendAsync(HttpMethod.Get, "/v1/kv/blk/later", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, status0);
        var index = KvAgentFixture.IndexOf(res0);
        var pending = f.SendAsync(HttpMethod.Get, $"/v1/kv/blk/later?index={index}&wait=5s", null, Ct);
        await Task.Delay(300, Ct);
        Assert.False(pending.IsCompleted);
        await f.PutOkAsync("/v1/kv/blk/later", "now");
        var (status, _, _) = await pending;
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("15.0s")]
    [InlineData("120000ms")]
    [InlineData("1m")]
    public async Task WaitAcceptsGoDurations(string wait)
    {
        var key = "blk/wait-" + wait.Replace('.', '_');
        await f.PutOkAsync("/v1/kv/" + key, "1");
        var index = await IndexOfAsync("/v1/kv/" + key);
        var pending = f.SendAsync(HttpMethod.Get, $"/v1/kv/{key}?index={index}&wait={wait}", null, Ct);
        await Task.Delay(300, Ct);
        Assert.False(pending.IsCompleted, "the read did not block");
        await f.PutOkAsync("/v1/kv/" + key, "2");
        Assert.Equal(HttpStatusCode.OK, (await pending).Status);
    }

    [Fact]
    public async Task ClientDisconnectReleasesTheWaiter()
    {
        await f.PutOkAsync("/v1/kv/blk/gone", "1");
        var index = await IndexOfAsync("/v1/kv/blk/gone");
        var state = f.Server.State;
        var before = state.ActiveWatchCount;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var pending = f.Http.GetAsync(new Uri($"/v1/kv/blk/gone?index={index}&wait=60s", UriKind.Relative), cts.Token);
        await WaitUntilAsync(() => state.ActiveWatchCount > before, "the blocking read never registered a watch");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await WaitUntilAsync(() => state.ActiveWatchCount <= before, "the waiter was not released after the client went away");
    }

    [Fact]
    public async Task ACancelledBlockingQueryEndsInsteadOfRerunningUntilItsDeadline()
    {
        // Found by bench/watch-fanout.sh: after 10,000 clients went away the agent stopped answering, each aborted
        // request re-running its query in a loop on a pool thread until its 5-minute wait ended.
        await f.PutOkAsync("/v1/kv/blk/spin", "1");
        var index = await IndexOfAsync("/v1/kv/blk/spin");
        var runs = 0;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var options = new ConsulSharp.Core.Requests.QueryOptions { MinQueryIndex = index, MaxQueryTime = TimeSpan.FromMinutes(5) };
        var pending = f.Server.QueryAsync(options, (snapshot, ws) =>
        {
            Interlocked.Increment(ref runs);
            return snapshot.KvGet("blk/spin", ws);
        }, cts.Token);
        await WaitUntilAsync(() => Volatile.Read(ref runs) >= 1, "the query never ran");
        await cts.CancelAsync();
        var ended = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(10), Ct));
        Assert.Same(pending, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.InRange(Volatile.Read(ref runs), 1, 2);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string message)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), message);
            await Task.Delay(25, Ct);
        }
    }
}
