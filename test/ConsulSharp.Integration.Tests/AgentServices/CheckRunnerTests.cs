using System.Net;
using System.Net.Sockets;
using ConsulSharp.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ConsulSharp.Integration.Tests.AgentServices.AgentApi;

namespace ConsulSharp.Integration.Tests.AgentServices;

/// <summary>Check runners against real local servers; state changes reach the health endpoints and the catalog.</summary>
public sealed class CheckRunnerTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    public async ValueTask InitializeAsync() =>
        _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "chk-node", Configure = c => c with { EnableScriptChecks = true } });

    public ValueTask DisposeAsync() => StopAsync(_agent);

    [Fact]
    public async Task HttpCheckFollowsTheServerAndReachesHealthEndpointsAndCatalog()
    {
        var status = 200;
        await using var web = await StartWebAsync(HttpProtocols.Http1, app => app.Run(ctx =>
        {
            ctx.Response.StatusCode = status;
            return ctx.Response.WriteAsync("hello");
        }));
        await PutOkAsync(_agent, "/v1/agent/service/register", "{\"Name\":\"web\",\"Check\":{\"HTTP\":\"" + web.Url + "health\",\"Interval\":\"100ms\"}}");
        await Poll.UntilAsync("http check passing", async () => await CheckStatusAsync(_agent, "service:web") == "passing");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.Equal($"HTTP GET {web.Url}health: 200 OK Output: hello", checks.GetProperty("service:web").GetProperty("Output").GetString());
        var ok = await _agent.Http.GetAsync("/v1/agent/health/service/id/web?format=text", Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("passing", await ok.Content.ReadAsStringAsync(Ct));
        await Poll.UntilAsync("catalog check passing", () => CatalogCheckStatus(_agent, "service:web") == "passing");

        status = 429;
        await Poll.UntilAsync("http check warning", async () => await CheckStatusAsync(_agent, "service:web") == "warning");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _agent.Http.GetAsync("/v1/agent/health/service/name/web", Ct)).StatusCode);

        status = 500;
        await Poll.UntilAsync("http check critical", async () => await CheckStatusAsync(_agent, "service:web") == "critical");
        var bad = await _agent.Http.GetAsync("/v1/agent/health/service/id/web", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bad.StatusCode);
        var info = System.Text.Json.JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("critical", info.GetProperty("AggregatedStatus").GetString());
        Assert.Equal("web", info.GetProperty("Service").GetProperty("Service").GetString());
        await Poll.UntilAsync("catalog check critical", () => CatalogCheckStatus(_agent, "service:web") == "critical");
    }

    [Fact]
    public async Task HttpCheckFollowsRedirects()
    {
        await using var web = await StartWebAsync(HttpProtocols.Http1, app => app.Run(ctx =>
        {
            if (ctx.Request.Path == "/old")
            {
                ctx.Response.Redirect("/new");
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync("moved");
        }));
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"redir","HTTP":"{{web.Url}}old","Interval":"100ms"}""");
        await Poll.UntilAsync("redirected check passing", async () => await CheckStatusAsync(_agent, "redir") == "passing");
    }

    [Fact]
    public async Task TcpCheckPassesOnAnOpenPortAndFailsOnAClosedOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = FreePort();
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"tcp-open","TCP":"127.0.0.1:{{open}}","Interval":"100ms"}""");
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"tcp-closed","TCP":"127.0.0.1:{{closed}}","Interval":"100ms","Status":"passing"}""");
        await Poll.UntilAsync("tcp open passing", async () => await CheckStatusAsync(_agent, "tcp-open") == "passing");
        await Poll.UntilAsync("tcp closed critical", async () => await CheckStatusAsync(_agent, "tcp-closed") == "critical");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.Equal($"TCP connect 127.0.0.1:{open}: Success", checks.GetProperty("tcp-open").GetProperty("Output").GetString());
    }

    [Fact]
    public async Task UdpCheckPassesOnAListeningSocketAndFailsOnAClosedPort()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var open = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var closed = FreeUdpPort();
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"udp-open","UDP":"127.0.0.1:{{open}}","Interval":"200ms","Timeout":"200ms"}""");
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"udp-closed","UDP":"127.0.0.1:{{closed}}","Interval":"200ms","Timeout":"200ms","Status":"passing"}""");
        await Poll.UntilAsync("udp open passing", async () => await CheckStatusAsync(_agent, "udp-open") == "passing");
        await Poll.UntilAsync("udp closed critical", async () => await CheckStatusAsync(_agent, "udp-closed") == "critical");
    }

    [Theory]
    [InlineData("exit 0", "passing")]
    [InlineData("exit 1", "warning")]
    [InlineData("exit 2", "critical")]
    public async Task ScriptCheckMapsExitCodes(string script, string expected)
    {
        var initial = expected == "critical" ? "passing" : "critical";
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"script","Args":["/bin/sh","-c","echo out; {{script}}"],"Interval":"100ms","Status":"{{initial}}"}""");
        await Poll.UntilAsync("script status", async () => await CheckStatusAsync(_agent, "script") == expected);
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.Equal("out\n", checks.GetProperty("script").GetProperty("Output").GetString());
    }

    [Fact]
    public async Task ScriptOutputIsTruncatedToOutputMaxSize()
    {
        await PutOkAsync(_agent, "/v1/agent/check/register", """{"Name":"big","Args":["/bin/sh","-c","printf '%0100d' 0"],"Interval":"100ms","OutputMaxSize":10}""");
        await Poll.UntilAsync("script ran", async () => await CheckStatusAsync(_agent, "big") == "passing");
        var output = (await GetJsonAsync(_agent, "/v1/agent/checks")).GetProperty("big").GetProperty("Output").GetString();
        Assert.Equal("Captured 10 of 101 bytes\n...\n000000000\n", output);
    }

    [Fact]
    public async Task TtlCheckTakesUpdatesAndExpires()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"ttl","Check":{"TTL":"300ms"}}""");
        await PutOkAsync(_agent, "/v1/agent/check/pass/service:ttl?note=fine");
        var checks = await GetJsonAsync(_agent, "/v1/agent/checks");
        Assert.Equal("passing", checks.GetProperty("service:ttl").GetProperty("Status").GetString());
        Assert.Equal("fine", checks.GetProperty("service:ttl").GetProperty("Output").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.GetAsync("/v1/agent/health/service/id/ttl", Ct)).StatusCode);

        await PutOkAsync(_agent, "/v1/agent/check/warn/service:ttl");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _agent.Http.GetAsync("/v1/agent/health/service/id/ttl", Ct)).StatusCode);
        await PutOkAsync(_agent, "/v1/agent/check/update/service:ttl", """{"Status":"passing","Output":"updated"}""");
        Assert.Equal("updated", (await GetJsonAsync(_agent, "/v1/agent/checks")).GetProperty("service:ttl").GetProperty("Output").GetString());

        var bad = await PutAsync(_agent, "/v1/agent/check/update/service:ttl", """{"Status":"meh"}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("Invalid check status: 'meh'", (await bad.Content.ReadAsStringAsync(Ct)).TrimEnd());

        await Poll.UntilAsync("ttl expired", async () => await CheckStatusAsync(_agent, "service:ttl") == "critical");
        Assert.Equal("TTL expired (last output before timeout follows): updated", (await GetJsonAsync(_agent, "/v1/agent/checks")).GetProperty("service:ttl").GetProperty("Output").GetString());
    }

    [Fact]
    public async Task PassOnANonTtlCheckIsRefused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"t","TCP":"127.0.0.1:{{((IPEndPoint)listener.LocalEndpoint).Port}}","Interval":"1s"}""");
        var res = await PutAsync(_agent, "/v1/agent/check/pass/t");
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.Equal("CheckID \"t\" does not have associated TTL", (await res.Content.ReadAsStringAsync(Ct)).TrimEnd());
    }

    [Fact]
    public async Task GrpcCheckSpeaksTheStandardHealthProtocol()
    {
        var serving = true;
        await using var grpc = await StartWebAsync(HttpProtocols.Http2, app => app.Run(async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            await ctx.Request.Body.CopyToAsync(Stream.Null);
            // HealthCheckResponse{status = SERVING(1) or NOT_SERVING(2)}, gRPC-framed.
            await ctx.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 0x08, (byte)(serving ? 1 : 2) });
            ctx.Response.AppendTrailer("grpc-status", "0");
        }));
        var target = grpc.Url.Authority;
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"grpc","GRPC":"{{target}}/my.Service","Interval":"100ms"}""");
        await Poll.UntilAsync("grpc passing", async () => await CheckStatusAsync(_agent, "grpc") == "passing");
        serving = false;
        await Poll.UntilAsync("grpc critical", async () => await CheckStatusAsync(_agent, "grpc") == "critical");
    }

    [Fact]
    public async Task H2PingCheckPassesAgainstAnHttp2Server()
    {
        await using var h2 = await StartWebAsync(HttpProtocols.Http2, app => app.Run(ctx => Task.CompletedTask));
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"h2","H2PING":"{{h2.Url.Authority}}","H2PingUseTLS":false,"Interval":"100ms"}""");
        await Poll.UntilAsync("h2ping passing", async () => await CheckStatusAsync(_agent, "h2") == "passing");
    }

    [Fact]
    public async Task AliasCheckMirrorsTheAliasedService()
    {
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"backend","Check":{"CheckID":"backend-ttl","TTL":"1m","Status":"passing"}}""");
        await PutOkAsync(_agent, "/v1/agent/service/register", """{"Name":"front","Check":{"CheckID":"front-alias","AliasService":"backend"}}""");
        await Poll.UntilAsync("alias passing", async () => await CheckStatusAsync(_agent, "front-alias") == "passing");
        await PutOkAsync(_agent, "/v1/agent/check/fail/backend-ttl?note=down");
        await Poll.UntilAsync("alias critical", async () => await CheckStatusAsync(_agent, "front-alias") == "critical");
    }

    [Fact]
    public async Task FailuresBeforeCriticalDelaysTheCriticalStatus()
    {
        var closed = FreePort();
        await PutOkAsync(_agent, "/v1/agent/check/register", $$"""{"Name":"slow","TCP":"127.0.0.1:{{closed}}","Interval":"100ms","Status":"passing","FailuresBeforeCritical":3,"FailuresBeforeWarning":1}""");
        await Poll.UntilAsync("warning first", async () => await CheckStatusAsync(_agent, "slow") == "warning");
        await Poll.UntilAsync("then critical", async () => await CheckStatusAsync(_agent, "slow") == "critical");
    }

    [Fact]
    public async Task ServiceCriticalLongerThanDeregisterAfterIsReaped()
    {
        var closed = FreePort();
        await PutOkAsync(_agent, "/v1/agent/service/register", "{\"Name\":\"doomed\",\"Check\":{\"TCP\":\"127.0.0.1:" + closed + "\",\"Interval\":\"100ms\",\"DeregisterCriticalServiceAfter\":\"300ms\"}}");
        await Poll.UntilAsync("service reaped", async () => !(await GetJsonAsync(_agent, "/v1/agent/services")).TryGetProperty("doomed", out _));
        await Poll.UntilAsync("service gone from catalog", () => !CatalogHasService(_agent, "doomed"));
    }

    [Fact]
    public async Task DockerChecksAreRefusedWithoutADaemon()
    {
        if (global::ConsulSharp.Agent.Checks.DockerCheck.DaemonSocket() is not null)
        {
            return; // a Docker daemon is present on this machine
        }

        var res = await PutAsync(_agent, "/v1/agent/check/register", """{"Name":"d","DockerContainerID":"abc","Args":["true"],"Interval":"1s"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.Contains("Docker", await res.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync(_agent, "/v1/agent/checks")).EnumerateObject());
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }

    private static async Task<WebServer> StartWebAsync(HttpProtocols protocols, Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = protocols));
        var app = builder.Build();
        configure(app);
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private sealed record WebServer(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
