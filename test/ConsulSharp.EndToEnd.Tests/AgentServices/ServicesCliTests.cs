using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.AgentServices;

/// <summary><c>consul services register|deregister</c> and <c>consul maint</c> against a dev agent process.</summary>
public sealed class ServicesCliTests
{
    private static readonly string[] DevArgs = ["agent", "-dev", "-http-port=0", "-dns-port=-1", "-node=e2e-svc"];

    [Fact]
    public async Task RegisterDeregisterAndMaintenanceThroughTheCli()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync(DevArgs, "svc");
        await using var _ = agent;
        using var __ = client;
        var addr = client.BaseAddress.ToString();
        var ct = TestContext.Current.CancellationToken;

        var usage = await AgentProcess.RunAsync(["services", "register", "-http-addr", addr]);
        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("Service registration requires at least one argument or flags.", usage.Stderr, StringComparison.Ordinal);

        var reg = await AgentProcess.RunAsync(["services", "register", "-http-addr", addr, "-name=web", "-port=8080", "-tag=v1", "-meta=env=qa"]);
        Assert.Equal(0, reg.ExitCode);
        Assert.Equal("Registered service: web\n", reg.Stdout);
        var services = await client.GetAsync("/v1/agent/services", ct);
        Assert.Contains("\"Port\":8080", services.Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var file = Path.Combine(Directory.CreateTempSubdirectory("consulsharp-svc-").FullName, "db.json");
        await File.WriteAllTextAsync(file, """{"service":{"name":"db","id":"db1","port":5432,"check":{"ttl":"30s"}}}""", ct);
        var fromFile = await AgentProcess.RunAsync(["services", "register", "-http-addr", addr, file]);
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal("Registered service: db\n", fromFile.Stdout);
        Assert.Contains("service:db1", (await client.GetAsync("/v1/agent/checks", ct)).Text, StringComparison.Ordinal);

        var maint = await AgentProcess.RunAsync(["maint", "-http-addr", addr, "-enable", "-service=web", "-reason=upgrade"]);
        Assert.Equal(0, maint.ExitCode);
        Assert.Equal("Service maintenance is now enabled for \"web\"\n", maint.Stdout);
        var list = await AgentProcess.RunAsync(["maint", "-http-addr", addr]);
        Assert.Equal("Service:\n  ID:     web\n  Reason: upgrade\n\n", list.Stdout);
        var bad = await AgentProcess.RunAsync(["maint", "-http-addr", addr, "-enable", "-disable"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Only one of -enable or -disable may be provided", bad.Stderr, StringComparison.Ordinal);

        var dereg = await AgentProcess.RunAsync(["services", "deregister", "-http-addr", addr, file]);
        Assert.Equal("Deregistered service: db1\n", dereg.Stdout);
        var dereg2 = await AgentProcess.RunAsync(["services", "deregister", "-http-addr", addr, "-id=web"]);
        Assert.Equal("Deregistered service: web\n", dereg2.Stdout);
        Assert.Equal("{}", (await client.GetAsync("/v1/agent/services", ct)).Text.Trim());
    }

    [Fact]
    public async Task RegisterAndDeregisterReadHclAndJsonFilesAsTheAgentDoes()
    {
        var (agent, client) = await AgentProcess.StartAgentAsync([.. DevArgs[..^1], "-node=e2e-svc-hcl"], "svc-hcl");
        await using var _ = agent;
        using var __ = client;
        var addr = client.BaseAddress.ToString();
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("consulsharp-svc-hcl-").FullName;
        var hcl = Path.Combine(dir, "web.hcl");
        await File.WriteAllTextAsync(hcl, """
            service {
              name = "web"
              id   = "web-1"
              port = 8080
              tags = ["v1"]
              meta = { env = "qa" }
              check { ttl = "30s" }
            }
            services = [{ name = "api", port = 9000 }]
            """, ct);
        var json = Path.Combine(dir, "db.json");
        await File.WriteAllTextAsync(json, """{"datacenter": "dc1", "service": {"name": "db", "port": 5432}}""", ct);

        var reg = await AgentProcess.RunAsync(["services", "register", "-http-addr", addr, hcl, json]);
        Assert.Equal(0, reg.ExitCode);
        Assert.Equal("Registered service: api\nRegistered service: web\nRegistered service: db\n", reg.Stdout); // a file's `service` follows its `services`
        var services = (await client.GetAsync("/v1/agent/services", ct)).Text.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("\"ID\":\"web-1\"", services, StringComparison.Ordinal);
        Assert.Contains("\"env\":\"qa\"", services, StringComparison.Ordinal);
        Assert.Contains("service:web-1", (await client.GetAsync("/v1/agent/checks", ct)).Text, StringComparison.Ordinal);

        var bad = Path.Combine(dir, "bad.hcl");
        await File.WriteAllTextAsync(bad, "service { name = \"x\" port = \"nope\" }", ct);
        var failed = await AgentProcess.RunAsync(["services", "register", "-http-addr", addr, bad]);
        Assert.Equal(1, failed.ExitCode);
        Assert.StartsWith("Error: failed to parse " + bad, failed.Stderr, StringComparison.Ordinal);

        var dereg = await AgentProcess.RunAsync(["services", "deregister", "-http-addr", addr, hcl]);
        Assert.Equal("Deregistered service: api\nDeregistered service: web-1\n", dereg.Stdout);
        services = (await client.GetAsync("/v1/agent/services", ct)).Text;
        Assert.DoesNotContain("web-1", services, StringComparison.Ordinal);
        Assert.Contains("\"db\"", services, StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }
}
