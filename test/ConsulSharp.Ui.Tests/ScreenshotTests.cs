using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ConsulSharp.Ui.Tests;

/// <summary>
/// Renders the main pages over a small realistic catalog and saves screenshots: to docs/ui/ when
/// CONSULSHARP_UI_SCREENSHOTS names that folder (scripts/ui-screenshots.sh), else to a temporary folder.
/// </summary>
public sealed class ScreenshotTests(UiFixture f)
{
    private static string OutputDir()
    {
        var dir = Environment.GetEnvironmentVariable("CONSULSHARP_UI_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "consulsharp-ui-shots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private async Task SeedAsync()
    {
        string[] nodes = ["app-01", "app-02", "app-03", "cache-01"];
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = nodes[i];
            var addr = $"10.0.1.{11 + i}";
            var crit = n == "app-03";
            await f.PutAsync("/v1/catalog/register", JsonSerializer.Serialize(new
            {
                Node = n,
                Address = addr,
                NodeMeta = new Dictionary<string, string> { ["rack"] = $"r{i % 2 + 1}", ["os"] = "linux" },
                Check = new { CheckID = "serfHealth", Name = "Serf Health Status", Status = crit ? "critical" : "passing", Output = crit ? "Agent not live or unreachable" : "Agent alive and reachable" },
            }));
        }

        async Task Svc(string node, string addr, string name, string id, int port, string[] tags, string status, string output, Dictionary<string, string>? meta = null)
        {
            await f.PutAsync("/v1/catalog/register", JsonSerializer.Serialize(new
            {
                Node = node,
                Address = addr,
                Service = new { ID = id, Service = name, Port = port, Tags = tags, Meta = meta ?? [] },
                Check = new { CheckID = "service:" + id, Name = $"Service '{name}' check", ServiceID = id, Status = status, Output = output, Notes = $"GET http://{addr}:{port}/health every 10s" },
            }));
        }

        await Svc("app-01", "10.0.1.11", "frontend", "frontend-1", 8080, ["v2", "canary"], "passing", "HTTP GET http://10.0.1.11:8080/health: 200 OK Output: ok", new() { ["version"] = "2.4.1", ["team"] = "web" });
        await Svc("app-02", "10.0.1.12", "frontend", "frontend-2", 8080, ["v2"], "passing", "HTTP GET http://10.0.1.12:8080/health: 200 OK Output: ok", new() { ["version"] = "2.4.1", ["team"] = "web" });
        await Svc("app-03", "10.0.1.13", "frontend", "frontend-3", 8080, ["v2"], "critical", "Get \"http://10.0.1.13:8080/health\": dial tcp 10.0.1.13:8080: connect: connection refused", new() { ["version"] = "2.4.0", ["team"] = "web" });
        await Svc("app-01", "10.0.1.11", "payments", "payments-1", 9090, ["grpc", "pci"], "passing", "gRPC health: SERVING");
        await Svc("app-02", "10.0.1.12", "payments", "payments-2", 9090, ["grpc", "pci"], "warning", "gRPC health: SERVING (p99 latency 1.8s above 1s)");
        await Svc("cache-01", "10.0.1.14", "redis", "redis-1", 6379, ["primary"], "passing", "TCP connect 10.0.1.14:6379: Success");
        await Svc("app-02", "10.0.1.12", "inventory", "inventory-1", 7000, ["v1"], "passing", "HTTP 200");
        await f.PutAsync("/v1/kv/config/frontend/settings.json", "{\n  \"timeout_ms\": 2500,\n  \"retries\": 3,\n  \"feature_flags\": {\n    \"new_checkout\": true\n  }\n}");
        await f.PutAsync("/v1/kv/config/frontend/banner", "Maintenance on Sunday 02:00 UTC");
        await f.PutAsync("/v1/kv/config/payments/limits.yaml", "limits:\n  daily: 10000\n  per_tx: 500\n");
        await f.PutAsync("/v1/kv/config/payments/vault.hcl", "path \"secret/payments\" {\n  capabilities = [\"read\"]\n}\n");
        await f.PutAsync("/v1/kv/locks/");
        await f.PutAsync("/v1/kv/maintenance", "false");
        using var res = await f.Http.PutAsync(new Uri("/v1/session/create", UriKind.Relative),
            new StringContent($"{{\"Name\":\"leader-election/frontend\",\"Node\":\"{UiFixture.NodeName}\",\"TTL\":\"30s\"}}"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task MainPagesRenderAndAreSaved()
    {
        // The other UI tests cover these pages; photographing them costs ~50 s of CPU, so only scripts/ui-screenshots.sh runs it.
        Assert.SkipUnless(Environment.GetEnvironmentVariable("CONSULSHARP_UI_SCREENSHOTS") is { Length: > 0 }, "set CONSULSHARP_UI_SCREENSHOTS (scripts/ui-screenshots.sh) to take screenshots");
        await SeedAsync();
        var dir = OutputDir();
        await using (var ui = await f.OpenAsync(1280, 800))
        {
            async Task Shot(string path, string selector, string file)
            {
                await ui.GotoAsync(path);
                await Expect(ui.Main.Locator(selector).First).ToBeVisibleAsync();
                await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, file), FullPage = false });
            }

            await Shot("/ui/dc1/services", "li[data-service='frontend'][data-status='critical']", "services.png");
            await Shot("/ui/dc1/services/frontend", "li[data-instance='frontend-3']", "service.png");
            await Shot("/ui/dc1/nodes", "li[data-node='app-03']", "nodes.png");
            await Shot($"/ui/dc1/nodes/{UiFixture.NodeName}", "li[data-session]", "node.png");
            await Shot("/ui/dc1/kv/", "li[data-key='config/']", "kv.png");
            await Shot("/ui/dc1/kv/config/frontend/settings.json/edit", "#kv-syntax-status.ok", "kv-editor.png");

            // The CAS conflict view: edit, let another client change the key, save.
            await ui.Page.GetByLabel("Value", new() { Exact = true }).FillAsync("{\n  \"timeout_ms\": 3000,\n  \"retries\": 3,\n  \"feature_flags\": {\n    \"new_checkout\": true\n  }\n}");
            await f.PutAsync("/v1/kv/config/frontend/settings.json", "{\n  \"timeout_ms\": 2500,\n  \"retries\": 5,\n  \"feature_flags\": {\n    \"new_checkout\": false\n  }\n}");
            await ui.Main.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(ui.Main.Locator(".conflict")).ToBeVisibleAsync();
            await ui.Main.Locator(".conflict").ScrollIntoViewIfNeededAsync();
            await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, "kv-conflict.png") });
        }

        await using (var phone = await f.OpenAsync(390, 844))
        {
            await phone.GotoAsync("/ui/dc1/services");
            await Expect(phone.Main.Locator("li[data-service='frontend']")).ToBeVisibleAsync();
            await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, "phone-services.png") });
            await phone.GotoAsync("/ui/dc1/services/frontend");
            await Expect(phone.Main.Locator("li[data-instance='frontend-3']")).ToBeVisibleAsync();
            await phone.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, "phone-service.png") });
        }

        foreach (var file in new[] { "services", "service", "nodes", "node", "kv", "kv-editor", "kv-conflict", "phone-services", "phone-service" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, file + ".png")).Length > 10_000, file);
        }
    }
}
