using System.Diagnostics;
using ConsulSharp.EndToEnd.Tests.Faults;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Kv;

/// <summary>
/// Competing <c>consul lock</c> processes on a three-server process cluster while the leader is killed with SIGKILL:
/// each holder's child appends <c>enter PID</c> and <c>exit PID</c> to one shared file (an <c>exit PID term</c> line
/// if the lock is lost and the child is terminated), so two holders at once show up as an <c>enter</c> while another
/// holder has not exited. Holding must stay exclusive across the failover and resume after it.
/// </summary>
[Collection(DurableClusterCollection.Name)]
public sealed class LockFailoverTests(DurableClusterFixture fx)
{
    private const string Child = "trap 'echo \"exit $$ term\" >> \"$LOCK_FILE\"; exit 1' TERM; echo \"enter $$\" >> \"$LOCK_FILE\"; sleep 0.2 & wait $!; echo \"exit $$\" >> \"$LOCK_FILE\"";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lock_holders_stay_exclusive_across_a_leader_kill_and_holding_resumes()
    {
        var cluster = fx.Cluster;
        var leader = await cluster.WaitForLeaderAsync(Ct);
        var follower = cluster.Servers.First(s => s != leader);
        var client = cluster.Clients[0];

        // Contenders talk to agents that survive the kill: the client agent (forwards to any server) and a follower.
        var addresses = new[] { client.HttpAddress, client.HttpAddress, follower.HttpAddress };
        var file = Path.Combine(Path.GetTempPath(), "consul-lock-failover-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "");
        try
        {
            var env = new Dictionary<string, string> { ["LOCK_FILE"] = file };
            using var stop = new CancellationTokenSource();
            var contenders = addresses.Select(addr => Task.Run(async () =>
            {
                var results = new List<CliResult>();
                while (!stop.IsCancellationRequested)
                {
                    results.Add(await AgentProcess.RunAsync(["lock", "-http-addr=" + addr, "cluster/failover", Child], env, timeout: TimeSpan.FromSeconds(120)));
                }

                return results;
            }, Ct)).ToList();

            await UntilEntersAsync(file, 0, 3, "the contenders never took the lock");
            await cluster.KillAsync(leader);
            var newLeader = await cluster.WaitForLeaderAsync(Ct);
            Assert.NotEqual(leader, newLeader);
            var afterFailover = Lines(file).Count;
            await UntilEntersAsync(file, afterFailover, 3, "lock holding did not resume after the leader was killed");
            await stop.CancelAsync();
            var results = (await Task.WhenAll(contenders)).SelectMany(r => r).ToList();

            var lines = Lines(file);
            string? holder = null;
            for (var i = 0; i < lines.Count; i++)
            {
                var f = lines[i].Split(' ');
                if (f[0] == "enter")
                {
                    Assert.True(holder is null, $"line {i}: {f[1]} entered while {holder} held the lock:\n{string.Join('\n', lines)}");
                    holder = f[1];
                }
                else
                {
                    Assert.True(f[0] == "exit" && holder == f[1], $"line {i}: unexpected '{lines[i]}' while {holder ?? "nobody"} held the lock");
                    holder = null;
                }
            }

            Assert.Null(holder);
            Assert.Contains(results, r => r.ExitCode == 0);
        }
        finally
        {
            File.Delete(file);
            if (!leader.IsRunning)
            {
                await cluster.RestartAsync(leader, Ct);
            }

            await cluster.WaitForVotersAsync(cluster.Servers, Ct);
        }
    }

    private static List<string> Lines(string file) => File.ReadAllLines(file).Where(l => l.Length > 0).ToList();

    private static async Task UntilEntersAsync(string file, int fromLine, int count, string failure)
    {
        var sw = Stopwatch.StartNew();
        while (Lines(file).Skip(fromLine).Count(l => l.StartsWith("enter", StringComparison.Ordinal)) < count)
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"{failure}:\n{string.Join('\n', Lines(file))}");
            await Task.Delay(50, Ct);
        }
    }
}
