using System.Diagnostics;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Kv;

public sealed class LockCliTests(KvCliFixture f) : IClassFixture<KvCliFixture>
{
    private const string Child = "echo \"start $$ $CONSUL_LOCK_HELD\" >> \"$LOCK_FILE\"; sleep 0.4; echo \"end $$\" >> \"$LOCK_FILE\"";

    private async Task<(List<string> Lines, CliResult[] Results)> CompeteAsync(int contenders, params string[] lockArgs)
    {
        var file = Path.Combine(Path.GetTempPath(), "consul-lock-" + Guid.NewGuid().ToString("N"));
        try
        {
            var env = new Dictionary<string, string> { ["LOCK_FILE"] = file };
            var args = new[] { "lock", "-http-addr=" + f.Addr }.Concat(lockArgs).Append(Child).ToArray();
            var results = await Task.WhenAll(Enumerable.Range(0, contenders).Select(_ => AgentProcess.RunAsync(args, env)));
            return ((await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken)).ToList(), results);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ThreeCompetingLocksRunTheirChildrenOneAtATime()
    {
        var (lines, results) = await CompeteAsync(3, "-verbose", "e2e/mutex");
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(6, lines.Count);
        for (var i = 0; i < 6; i += 2)
        {
            var start = lines[i].Split(' ');
            var end = lines[i + 1].Split(' ');
            Assert.Equal("start", start[0]);
            Assert.Equal("true", start[2]);
            Assert.Equal("end", end[0]);
            Assert.Equal(start[1], end[1]);
        }

        Assert.All(results, r => Assert.Contains("Setting up lock at path: e2e/mutex/.lock", r.Stdout, StringComparison.Ordinal));
        Assert.Contains(results, r => r.Stdout.Contains("Cleanup succeeded", StringComparison.Ordinal));
        var leftover = await f.Agent.Http.GetAsync(new Uri("/v1/kv/e2e/mutex/?recurse", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, leftover.StatusCode);
    }

    [Fact]
    public async Task SemaphoreAdmitsAtMostNHolders()
    {
        var (lines, results) = await CompeteAsync(3, "-n=2", "e2e/sem");
        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal(6, lines.Count);
        var running = 0;
        var max = 0;
        foreach (var l in lines)
        {
            running += l.StartsWith("start", StringComparison.Ordinal) ? 1 : -1;
            max = Math.Max(max, running);
        }

        Assert.InRange(max, 1, 2);
        var leftover = await f.Agent.Http.GetAsync(new Uri("/v1/kv/e2e/sem/?recurse", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, leftover.StatusCode);
    }

    [Fact]
    public async Task ChildExitCodeAndTimeout()
    {
        var failed = await AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "-child-exit-code", "e2e/exit", "exit 3"]);
        Assert.Equal(2, failed.ExitCode);
        var ignored = await AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "e2e/exit", "exit 3"]);
        Assert.Equal(0, ignored.ExitCode);

        // A holder keeps the lock until the test lets it go; a contender with -timeout=500ms gives up. (A fixed
        // `sleep` could end before a slow machine had even started the contender.)
        using var gate = new ScratchDirectory("lock-gate");
        var release = gate["release"];
        var holder = AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "e2e/busy", $"while [ ! -e '{release}' ]; do sleep 0.05; done"]);
        var sw = Stopwatch.StartNew();
        while ((await f.Agent.Http.GetAsync(new Uri("/v1/kv/e2e/busy/.lock", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode != System.Net.HttpStatusCode.OK)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), "the holder never took the lock");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var contender = await AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "-timeout=500ms", "e2e/busy", "echo never"]);
        Assert.Equal(1, contender.ExitCode);
        Assert.Equal("Shutdown triggered or timeout during lock acquisition\n", contender.Stderr);
        Assert.DoesNotContain("never", contender.Stdout, StringComparison.Ordinal);
        await File.WriteAllTextAsync(release, "", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await holder).ExitCode);
    }

    [Fact]
    public async Task ArgumentErrors()
    {
        var none = await AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "only-prefix"]);
        Assert.Equal((1, "Key prefix and child command must be specified\n"), (none.ExitCode, none.Stderr));
        var zero = await AgentProcess.RunAsync(["lock", "-http-addr=" + f.Addr, "-n=0", "p", "true"]);
        Assert.Equal((1, "Lock holder limit must be positive\n"), (zero.ExitCode, zero.Stderr));
    }
}
