using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ConsulSharp.Client;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Server;

/// <summary>A single durable server (<c>-server -bootstrap -data-dir</c>) as a process: data survives restarts and SIGKILL.</summary>
public sealed class ServerPersistenceTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("consulsharp-e2e-").FullName;
    private readonly int _serverPort = FreePort();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string[] Args() =>
    [
        "agent", "-server", "-bootstrap", "-data-dir", _dataDir, "-node", "durable", "-bind", "127.0.0.1",
        "-http-port=0", "-dns-port=-1", "-server-port", _serverPort.ToString(CultureInfo.InvariantCulture),
        "-serf-lan-port=0", "-serf-wan-port=0",
    ];

    [Fact]
    public async Task DataAndNodeIdSurviveARestart()
    {
        string nodeId;
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "durable-1");
            await using var _ = agent;
            using var __ = client;
            await WaitForLeaderAsync(client);
            nodeId = await NodeIdAsync(client);
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("true", (await client.PutAsync($"/v1/kv/persist/{i}", Encoding.UTF8.GetBytes($"v{i}"))).Text);
            }

            agent.Terminate();
            Assert.Equal(1, await agent.WaitForExitAsync(TimeSpan.FromSeconds(20))); // a server does not leave on SIGTERM
        }

        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), "durable-2");
            await using var _ = agent;
            using var __ = client;
            await WaitForLeaderAsync(client);
            Assert.Equal(nodeId, await NodeIdAsync(client));
            var keys = await client.GetAsync("/v1/kv/persist/?keys");
            using var doc = JsonDocument.Parse(keys.Body);
            Assert.Equal(20, doc.RootElement.GetArrayLength());
            Assert.Equal("v7", (await client.GetAsync("/v1/kv/persist/7?raw")).Text);
        }
    }

    [Fact]
    public async Task AcknowledgedWritesSurviveSigkill()
    {
        const int rounds = 3;
        var acknowledged = new List<int>();
        var next = 0;
        for (var round = 0; round < rounds; round++)
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), $"kill-{round}");
            await using var _ = agent;
            using var __ = client;
            await WaitForLeaderAsync(client);

            // Everything acknowledged in earlier rounds is still there.
            foreach (var i in acknowledged)
            {
                var r = await client.SendRawAsync(HttpMethod.Get, $"/v1/kv/ack/{i:D6}?raw", null);
                Assert.True(r.StatusCode == 200, $"acknowledged write ack/{i:D6} lost after SIGKILL (round {round})");
            }

            using var cts = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!cts.IsCancellationRequested)
                {
                    var i = next++;
                    try
                    {
                        var r = await client.SendRawAsync(HttpMethod.Put, $"/v1/kv/ack/{i:D6}", Encoding.UTF8.GetBytes("x"));
                        if (r.StatusCode == 200 && r.Text == "true")
                        {
                            lock (acknowledged)
                            {
                                acknowledged.Add(i);
                            }
                        }
                    }
                    catch (ConsulApiException)
                    {
                        return; // the agent died mid-request: that write was not acknowledged
                    }
                }
            });

            await Task.Delay(TimeSpan.FromMilliseconds(700 + (round * 300)));
            agent.KillHard();
            await cts.CancelAsync();
            await writer;
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(acknowledged.Count > 10, $"too few writes acknowledged to mean anything: {acknowledged.Count}");
        var (last, lastClient) = await AgentProcess.StartAgentAsync(Args(), "kill-final");
        await using var ___ = last;
        using var ____ = lastClient;
        await WaitForLeaderAsync(lastClient);
        var keys = await lastClient.GetAsync("/v1/kv/ack/?keys");
        using var doc = JsonDocument.Parse(keys.Body);
        var present = doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var lost = acknowledged.Where(i => !present.Contains($"ack/{i:D6}")).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost, e.g. {string.Join(",", lost.Take(5))}");
    }

    internal static async Task WaitForLeaderAsync(ConsulHttpClient client)
    {
        for (var i = 0; i < 200; i++)
        {
            var r = await client.SendRawAsync(HttpMethod.Get, "/v1/status/leader", null);
            if (r.StatusCode == 200 && r.Text.Length > 2)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no leader elected");
    }

    private static async Task<string> NodeIdAsync(ConsulHttpClient client)
    {
        using var doc = JsonDocument.Parse((await client.GetAsync("/v1/agent/self")).Body);
        return doc.RootElement.GetProperty("Config").GetProperty("NodeID").GetString()!;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
