using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>
/// A <c>consul agent -dev</c> listens on the server port as Consul's does, so a client agent can join it and reach it
/// over RPC: the client's services reach the dev server's catalog, and its KV reads and writes go through.
/// </summary>
public sealed class DevServerClientTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("consulsharp-devclient-");

    private string Dir => _scratch.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task A_client_agent_joins_a_dev_server_and_uses_it_over_rpc()
    {
        var ports = FreePorts.Take(2);
        var (serverPort, lanPort) = (ports[0], ports[1]);
        var (dev, devClient) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-node=dev-srv", "-http-port=0", "-dns-port=-1", $"-server-port={serverPort.ToString(CultureInfo.InvariantCulture)}", $"-serf-lan-port={lanPort.ToString(CultureInfo.InvariantCulture)}"], "dev-srv");
        await using var d = dev;
        using var dc = devClient;
        await dev.WaitForOutputAsync($"RPC listener started: address=127.0.0.1:{serverPort}", TimeSpan.FromSeconds(10));

        var (client, clientHttp) = await AgentProcess.StartAgentAsync(["agent", "-node=dev-cli", "-data-dir=" + Dir, "-bind=127.0.0.1", "-http-port=0", "-dns-port=-1", $"-join=127.0.0.1:{lanPort.ToString(CultureInfo.InvariantCulture)}"], "dev-cli");
        await using var c = client;
        using var ch = clientHttp;
        await clientHttp.PutAsync("/v1/agent/service/register", Encoding.UTF8.GetBytes("""{"Name":"web","Port":8080}"""), Ct);

        var sw = Stopwatch.StartNew();
        while (true)
        {
            using var doc = JsonDocument.Parse((await devClient.GetAsync("/v1/catalog/service/web", Ct)).Body);
            if (doc.RootElement.GetArrayLength() == 1)
            {
                Assert.Equal("dev-cli", doc.RootElement[0].GetProperty("Node").GetString());
                break;
            }

            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(30), "the client's service did not reach the dev server's catalog");
            await Task.Delay(200, Ct);
        }

        Assert.Equal("true", (await clientHttp.PutAsync("/v1/kv/through/client", "x"u8.ToArray(), Ct)).Text);
        Assert.Equal("x", (await devClient.GetAsync("/v1/kv/through/client?raw", Ct)).Text);

        // A second dev agent on the same server port is refused with what to do.
        var clash = await AgentProcess.RunAsync(["agent", "-dev", "-node=dev-2", "-http-port=0", "-dns-port=-1", $"-server-port={serverPort.ToString(CultureInfo.InvariantCulture)}"], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains($"Failed to start RPC layer: listen tcp 127.0.0.1:{serverPort}: bind: address already in use", clash.Stdout + clash.Stderr, StringComparison.Ordinal);
    }

}
