using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConsulSharp.Testing;
using Microsoft.Playwright;

namespace ConsulSharp.Ui.Tests;

/// <summary>
/// One dev agent (UI on) and one headless Debian Chromium for the whole assembly. Tests open their own browser
/// context (fresh localStorage) and use names of their own, so they can run side by side.
/// </summary>
public sealed class UiFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string NodeName = "ui-node";

    private IPlaywright? _playwright;

    public TestAgent Agent { get; private set; } = null!;

    public HttpClient Http => Agent.Http;

    public IBrowser? Browser { get; private set; }

    public Uri BaseAddress => Agent.HttpAddress;

    public async ValueTask InitializeAsync()
    {
        // INFO, not the test default DEBUG: every UI request would otherwise log a line into the test output.
        Agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = NodeName, Configure = c => c with { LogLevel = "INFO" } });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // Ready when the leader registered its own node (the nodes page and sessions need it).
            using var res = await Http.GetAsync(new Uri($"/v1/catalog/node/{NodeName}", UriKind.Relative), cts.Token);
            if (res.StatusCode == HttpStatusCode.OK && (await res.Content.ReadAsStringAsync(cts.Token)).Contains(NodeName, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(100, cts.Token);
        }

        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        // Generous: in CI this module runs beside the process-cluster tests on 2 cores, and a page's first render then
        // took more than 10 s (two tests timed out that pass alone in 47 s); passing assertions return at once.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh browser context and page on the agent; skips the test when Chromium is not installed.</summary>
    public async Task<UiPage> OpenAsync(int width = 1280, int height = 860)
    {
        if (Browser is null)
        {
            Assert.Skip($"{ChromiumPath} is not installed (apt-get install -y chromium; scripts/test.sh does it)");
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ReducedMotion = ReducedMotion.Reduce,
        });
        var page = await context.NewPageAsync();
        return new UiPage(context, page);
    }

    public async Task PutAsync(string path, string? body = null)
    {
        using var content = new StringContent(body ?? "", Encoding.UTF8);
        using var res = await Http.PutAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var text = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(res.IsSuccessStatusCode, $"PUT {path}: {(int)res.StatusCode} {text}");
    }

    public async Task<string?> GetStringOrNullAsync(string path)
    {
        using var res = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return res.StatusCode == HttpStatusCode.NotFound ? null : await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Registers a service with a TTL check on the agent and waits until the catalog has it.</summary>
    public async Task RegisterServiceAsync(string name, string id, int port, string[] tags, string checkId, string status = "passing")
    {
        await PutAsync("/v1/agent/service/register", System.Text.Json.JsonSerializer.Serialize(new
        {
            Name = name,
            ID = id,
            Port = port,
            Tags = tags,
            Meta = new Dictionary<string, string> { ["version"] = "1.0" },
            Check = new { CheckID = checkId, Name = name + " health", TTL = "10m", Notes = "TTL check for " + name, Status = status },
        }));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(15));
        while ((await Http.GetFromJsonAsync<List<object>>(new Uri($"/v1/catalog/service/{name}", UriKind.Relative), cts.Token))!.Count == 0)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        try
        {
            await Agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The in-memory Raft transport is disposed twice on shutdown; harmless here.
        }
    }
}
