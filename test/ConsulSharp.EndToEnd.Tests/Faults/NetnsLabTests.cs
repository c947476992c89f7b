using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ConsulSharp.Testing.Netns;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>The network-namespace harness itself: leftovers of dead runs are removed, drop rules really drop, dispose cleans up.</summary>
public sealed class NetnsLabTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessAvailable()
    {
        if (NetnsLab.UnavailableReason() is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(args[0], args[1..]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync(Ct);
        await p.WaitForExitAsync(Ct);
        return output;
    }

    [Fact]
    public async Task Leftovers_of_dead_runs_are_removed_and_dispose_removes_everything()
    {
        SkipUnlessAvailable();

        // 4194999 is above Linux's largest pid, so no live process owns these names.
        await RunAsync("ip", "netns", "add", "csl-4194999z-n1");
        await RunAsync("ip", "link", "add", "csb4194999z", "type", "bridge");
        NetnsLab lab;
        await using (lab = await NetnsLab.CreateAsync(2, Ct))
        {
            var netns = await RunAsync("ip", "netns", "list");
            var links = await RunAsync("ip", "-o", "link", "show");
            Assert.DoesNotContain("csl-4194999z-n1", netns, StringComparison.Ordinal);
            Assert.DoesNotContain("csb4194999z", links, StringComparison.Ordinal);
            Assert.Contains(lab[1].Namespace, netns, StringComparison.Ordinal);
            Assert.Contains(lab[2].Namespace, netns, StringComparison.Ordinal);
            Assert.Contains("csb" + lab.Tag, links, StringComparison.Ordinal);
        }

        var after = await RunAsync("ip", "netns", "list") + await RunAsync("ip", "-o", "link", "show");
        Assert.DoesNotContain(lab.Tag, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_reach_the_test_process_and_loss_rules_drop_packets()
    {
        SkipUnlessAvailable();
        await using var lab = await NetnsLab.CreateAsync(1, Ct);
        using var listener = new TcpListener(IPAddress.Parse(lab.HostAddress), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        string[] connect = ["timeout", "3", "bash", "-c", $"exec 3<>/dev/tcp/{lab.HostAddress}/{port}"];

        Assert.Equal(0, (await lab.ExecAsync(1, connect, Ct)).ExitCode);

        // Partitions and default loss spare the test process; 100% loss that includes it cuts the node off.
        await lab.LossAsync(1, 30, cancellationToken: Ct);
        Assert.Contains($"ip saddr != {lab.HostAddress} numgen random mod 100 < 30 drop", await lab.RulesetAsync(1, Ct), StringComparison.Ordinal);
        await lab.LossAsync(1, 100, cancellationToken: Ct);
        Assert.Equal(0, (await lab.ExecAsync(1, connect, Ct)).ExitCode);
        await lab.LossAsync(1, 100, includeHost: true, cancellationToken: Ct);
        Assert.NotEqual(0, (await lab.ExecAsync(1, connect, Ct)).ExitCode);

        await lab.HealAsync(Ct);
        Assert.DoesNotContain("drop", await lab.RulesetAsync(1, Ct), StringComparison.Ordinal);
        Assert.Equal(0, (await lab.ExecAsync(1, connect, Ct)).ExitCode);
    }
}
