using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ConsulSharp.Client;
using ConsulSharp.EndToEnd.Tests.Server;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// Fault test with a real process: one durable server (<c>-server -bootstrap -data-dir</c>) under a steady stream of
/// writes is killed with SIGKILL at random moments and restarted on the same data. Every write appends its number to one
/// key with check-and-set, so the key is a log of the writes the server applied: after each restart every acknowledged
/// write must be in it, in acknowledgement order, nothing may appear twice, and nothing may appear that was never sent.
/// Rounds: <c>CONSULSHARP_FAULT_ROUNDS</c> (default 3 for CI; 50 or more for a nightly-style run).
/// </summary>
public sealed class SingleServerKillTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("consulsharp-fault-").FullName;
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

    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("CONSULSHARP_FAULT_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;

    private string[] Args() =>
    [
        "agent", "-server", "-bootstrap", "-data-dir", _dataDir, "-node", "fault", "-bind", "127.0.0.1",
        "-http-port=0", "-dns-port=-1", "-server-port", _serverPort.ToString(CultureInfo.InvariantCulture),
        "-serf-lan-port=0", "-serf-wan-port=0",
    ];

    [Fact]
    public async Task Acknowledged_writes_survive_sigkill_and_none_is_applied_twice()
    {
        var random = new Random(Environment.TickCount);
        var acknowledged = new List<int>();
        var attempted = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            var (agent, client) = await AgentProcess.StartAgentAsync(Args(), $"fault-{round}");
            await using var _ = agent;
            using var __ = client;
            await ServerPersistenceTests.WaitForLeaderAsync(client);
            await CheckLogAsync(client, acknowledged, attempted, round);
            if (round == Rounds)
            {
                break;
            }

            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var n = Interlocked.Increment(ref attempted);
                    try
                    {
                        while (true)
                        {
                            var current = await client.SendRawAsync(HttpMethod.Get, "/v1/kv/fault/log", null);
                            var value = current.StatusCode == 200 ? await RawAsync(client) : "";
                            var cas = current.StatusCode == 200 ? current.Index : 0;
                            var next = value.Length == 0 ? n.ToString(CultureInfo.InvariantCulture) : value + "," + n.ToString(CultureInfo.InvariantCulture);
                            var put = await client.SendRawAsync(HttpMethod.Put, $"/v1/kv/fault/log?cas={cas.ToString(CultureInfo.InvariantCulture)}", Encoding.UTF8.GetBytes(next));
                            if (put.StatusCode == 200 && put.Text == "true")
                            {
                                lock (acknowledged)
                                {
                                    acknowledged.Add(n);
                                }

                                break;
                            }

                            if (put.StatusCode != 200)
                            {
                                return;
                            }
                        }
                    }
                    catch (ConsulApiException)
                    {
                        return; // the server died mid-request: this write's outcome is unknown
                    }
                }
            });

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 2000)));
            agent.KillHard();
            await stop.CancelAsync();
            await writer;
            await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(acknowledged.Count >= Rounds, $"too few writes acknowledged to mean anything: {acknowledged.Count}");
    }

    private static async Task CheckLogAsync(ConsulHttpClient client, List<int> acknowledged, int attempted, int round)
    {
        var text = await RawAsync(client);
        var log = text.Length == 0 ? [] : text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.True(log.Count == log.Distinct().Count(), $"round {round}: a write was applied twice: {text}");
        Assert.True(log.All(n => n >= 1 && n <= attempted), $"round {round}: a write that was never sent appeared: {text}");
        List<int> acked;
        lock (acknowledged)
        {
            acked = [.. acknowledged];
        }

        var missing = acked.Where(n => !log.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"round {round}: {missing.Count} acknowledged writes lost, e.g. {string.Join(",", missing.Take(5))}");

        // Acknowledged writes appear in the order they were acknowledged (a single writer: a log, not a set).
        var positions = acked.Select(n => log.IndexOf(n)).ToList();
        Assert.True(positions.SequenceEqual(positions.Order()), $"round {round}: acknowledged writes out of order");
    }

    private static async Task<string> RawAsync(ConsulHttpClient client)
    {
        var r = await client.SendRawAsync(HttpMethod.Get, "/v1/kv/fault/log?raw", null);
        return r.StatusCode == 200 ? r.Text : "";
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
