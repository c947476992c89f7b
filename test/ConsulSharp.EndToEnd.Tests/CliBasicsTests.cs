using System.Net.Sockets;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests;

public sealed class CliBasicsTests
{
    [Fact]
    public async Task VersionPrintsConsulLayout()
    {
        var r = await AgentProcess.RunAsync(["version"]);
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n');
        Assert.Equal("Consul v1.22.0", lines[0]);
        Assert.StartsWith("Revision ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Protocol 2 spoken by default", lines[3], StringComparison.Ordinal);

        var v = await AgentProcess.RunAsync(["members", "-v"]);
        Assert.Equal(0, v.ExitCode);
        Assert.StartsWith("Consul v1.22.0", v.Stdout, StringComparison.Ordinal);

        var json = await AgentProcess.RunAsync(["version", "-format=json"]);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal("1.22.0", doc.RootElement.GetProperty("Version").GetString());
    }

    [Fact]
    public async Task UnknownCommandListsCommandsAndExits127()
    {
        var r = await AgentProcess.RunAsync(["frobnicate"]);
        Assert.Equal(127, r.ExitCode);
        Assert.Contains("Usage: consul [--version] [--help] <command> [<args>]", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("    agent ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeygenPrints32BytesBase64()
    {
        var r = await AgentProcess.RunAsync(["keygen"]);
        Assert.Equal(0, r.ExitCode);
        var key = r.Stdout.Trim();
        Assert.Equal(44, key.Length);
        Assert.Equal(32, Convert.FromBase64String(key).Length);
    }

    [Fact]
    public async Task AgentWithUnknownFlagFailsWithGoMessage()
    {
        var r = await AgentProcess.RunAsync(["agent", "-dev", "-bogus"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("==> error parsing flags: flag provided but not defined: -bogus", r.Stderr, StringComparison.Ordinal);

        var bad = await AgentProcess.RunAsync(["agent", "-dev", "-http-port=abc"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("invalid value \"abc\" for flag -http-port", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentWithoutDataDirOutsideDevIsRefused()
    {
        var r = await AgentProcess.RunAsync(["agent", "-server"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("==> data_dir cannot be empty", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUseIsAClearErrorAndExit1()
    {
        using var blocker = new TcpListener(System.Net.IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port;
        var r = await AgentProcess.RunAsync(["agent", "-dev", "-http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-dns-port=-1"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"127.0.0.1:{port}: bind: address already in use", r.Stderr, StringComparison.Ordinal);
    }
}
