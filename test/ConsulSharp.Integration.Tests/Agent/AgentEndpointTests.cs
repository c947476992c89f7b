using System.Net;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Agent;

public sealed class AgentEndpointTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    public async ValueTask InitializeAsync() => _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "self-node" });

    public ValueTask DisposeAsync() => _agent.DisposeAsync();

    [Fact]
    public async Task SelfReportsConfigMemberStatsAndMeta()
    {
        var res = await _agent.Http.GetAsync("/v1/agent/self", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/json", res.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        var config = root.GetProperty("Config");
        Assert.Equal("dc1", config.GetProperty("Datacenter").GetString());
        Assert.Equal("self-node", config.GetProperty("NodeName").GetString());
        Assert.True(Guid.TryParse(config.GetProperty("NodeID").GetString(), out _));
        Assert.True(config.GetProperty("Server").GetBoolean());
        Assert.Equal("self-node", root.GetProperty("Member").GetProperty("Name").GetString());
        Assert.Equal(1, root.GetProperty("Member").GetProperty("Status").GetInt32());
        Assert.Equal("consul", root.GetProperty("Member").GetProperty("Tags").GetProperty("role").GetString());
        Assert.Equal("1.22.0", root.GetProperty("Stats").GetProperty("build").GetProperty("version").GetString());
        Assert.True(root.GetProperty("Meta").TryGetProperty("consul-network-segment", out _));
    }

    [Fact]
    public async Task DevModePrettyPrintsWithFourSpacesAndTrailingNewline()
    {
        var body = await _agent.Http.GetStringAsync("/v1/agent/version", TestContext.Current.CancellationToken);
        Assert.StartsWith("{\n    \"HumanVersion\"", body, StringComparison.Ordinal);
        Assert.EndsWith("}\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPathsAnswerConsulsNotFoundTexts()
    {
        var v1 = await _agent.Http.GetAsync("/v1/nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, v1.StatusCode);
        Assert.Equal("Invalid URL path: not a recognized HTTP API endpoint\n", await v1.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var other = await _agent.Http.GetAsync("/nope", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'\n", await other.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WrongMethodIs405WithAllowHeader()
    {
        using var req = new HttpRequestMessage(HttpMethod.Put, "/v1/agent/self");
        var res = await _agent.Http.SendAsync(req, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, res.StatusCode);
        Assert.Equal("method PUT not allowed", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("OPTIONS,GET", string.Join(",", res.Content.Headers.Allow));

        using var options = new HttpRequestMessage(HttpMethod.Options, "/v1/agent/reload");
        var opt = await _agent.Http.SendAsync(options, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, opt.StatusCode);
        Assert.Equal("OPTIONS,PUT", string.Join(",", opt.Content.Headers.Allow));
    }

    [Fact]
    public async Task RootRedirectsToUiWhenEnabled()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _agent.HttpAddress };
        var res = await http.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, res.StatusCode);
        Assert.Equal("/ui/", res.Headers.Location?.ToString());
    }

    [Fact]
    public async Task MetricsInJsonAndPrometheusFormats()
    {
        await _agent.Http.GetAsync("/v1/agent/self", TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(await _agent.Http.GetStringAsync("/v1/agent/metrics", TestContext.Current.CancellationToken));
        var gauges = doc.RootElement.GetProperty("Gauges").EnumerateArray().Select(g => g.GetProperty("Name").GetString()).ToList();
        Assert.Contains("consul.runtime.alloc_bytes", gauges);
        var samples = doc.RootElement.GetProperty("Samples").EnumerateArray().ToList();
        Assert.Contains(samples, s => s.GetProperty("Name").GetString() == "consul.api.http" && s.GetProperty("Labels").GetProperty("path").GetString() == "v1_agent_self");

        var prom = await _agent.Http.GetStringAsync("/v1/agent/metrics?format=prometheus", TestContext.Current.CancellationToken);
        Assert.Contains("# TYPE consul_runtime_alloc_bytes gauge", prom, StringComparison.Ordinal);
        Assert.Contains("consul_api_http_count{method=\"GET\",path=\"v1_agent_self\"}", prom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorStreamsLogLinesInConsulFormat()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        using var res = await _agent.Http.GetAsync("/v1/agent/monitor?loglevel=debug", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        using var reader = new StreamReader(await res.Content.ReadAsStreamAsync(cts.Token));
        // A request produces a DEBUG "Request finished" line from agent.http.
        _ = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                await _agent.Http.GetAsync("/v1/agent/version", cts.Token);
                await Task.Delay(100, cts.Token);
            }
        }, cts.Token);
        string? line;
        do
        {
            line = await reader.ReadLineAsync(cts.Token);
        }
        while (line is not null && !line.Contains("agent.http: Request finished", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[DEBUG\] agent\.http: Request finished: method=GET", line);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task MonitorRejectsUnknownLevel()
    {
        var res = await _agent.Http.GetAsync("/v1/agent/monitor?loglevel=loud", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("Unknown log level: loud", await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReloadAnswers200()
    {
        var res = await _agent.Http.PutAsync("/v1/agent/reload", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public async Task MembersShowsTheLocalAgentAlive()
    {
        using var doc = JsonDocument.Parse(await _agent.Http.GetStringAsync("/v1/agent/members", TestContext.Current.CancellationToken));
        var m = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("self-node", m.GetProperty("Name").GetString());
        Assert.Equal(1, m.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task GzipWhenAccepted()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = _agent.HttpAddress };
        using var req = new HttpRequestMessage(HttpMethod.Get, "/v1/agent/self");
        req.Headers.AcceptEncoding.ParseAdd("gzip");
        var res = await http.SendAsync(req, TestContext.Current.CancellationToken);
        Assert.Contains("gzip", res.Content.Headers.ContentEncoding);
    }
}
