using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ConsulSharp.Integration.Tests.AgentServices;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>HashiCorp's real serf agent (<c>/usr/bin/serf</c>) joins a ConsulSharp agent's LAN pool; both list each other.</summary>
public sealed class SerfOracleTests
{
    private const string Serf = "/usr/bin/serf";

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<string> SerfCliAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Serf) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        return output;
    }

    [Fact]
    public async Task ARealSerfAgentJoinsTheAgentsLanPoolAndBothSeeEachOtherAlive()
    {
        if (!File.Exists(Serf))
        {
            Assert.Skip("serf binary not installed (apt-get install serf)");
        }

        await using var agent = await ServerAsync("oracle-consul");
        var port = FreePort();
        var rpc = FreePort();
        var psi = new ProcessStartInfo(Serf) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "agent", "-node=oracle-serf", $"-bind=127.0.0.1:{port}", $"-rpc-addr=127.0.0.1:{rpc}", "-join=" + LanAddress(agent), "-tag", "role=oracle" })
        {
            psi.ArgumentList.Add(a);
        }

        using var serf = Process.Start(psi)!;
        serf.OutputDataReceived += (_, _) => { };
        serf.ErrorDataReceived += (_, _) => { };
        serf.BeginOutputReadLine();
        serf.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync("serf agent alive in our members", async () => await MemberStatusAsync(agent, "oracle-serf") == 1, 30);
            await Poll.UntilAsync("our agent alive in serf members", async () =>
                (await SerfCliAsync("members", $"-rpc-addr=127.0.0.1:{rpc}", "-status=alive")).Contains("oracle-consul", StringComparison.Ordinal), 30);
            var members = await SerfCliAsync("members", $"-rpc-addr=127.0.0.1:{rpc}", "-detailed");
            Assert.Contains("role=consul", members, StringComparison.Ordinal);

            // The leader does not put a non-Consul member into the catalog.
            Assert.Null(AgentApi.Server(agent).State.Current.GetNode("oracle-serf").Value);
        }
        finally
        {
            serf.Kill();
            await serf.WaitForExitAsync(Ct);
        }
    }
}
