using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ConsulSharp.Gossip.Tests.Oracle;

/// <summary>A real <c>serf agent</c> process on 127.0.0.1 with free ports, driven through the serf CLI.</summary>
internal sealed class SerfAgent : IAsyncDisposable
{
    public const string Binary = "/usr/bin/serf";
    private readonly Process _process;
    private readonly List<string> _output = [];

    private SerfAgent(string name, int port, int rpcPort, Process process)
    {
        Name = name;
        Port = port;
        RpcPort = rpcPort;
        _process = process;
    }

    public string Name { get; }

    public int Port { get; }

    public int RpcPort { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static bool Available => File.Exists(Binary);

    public static async Task<SerfAgent> StartAsync(string name, IEnumerable<string>? extraArgs = null)
    {
        var port = FreePort();
        var rpcPort = FreePort();
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "agent", $"-node={name}", $"-bind=127.0.0.1:{port}", $"-rpc-addr=127.0.0.1:{rpcPort}", "-log-level=debug" }.Concat(extraArgs ?? []))
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        var agent = new SerfAgent(name, port, rpcPort, process);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("serf agent exited: " + agent.Output);
            }

            if (agent.Output.Contains("Serf agent running", StringComparison.Ordinal))
            {
                return agent;
            }

            await Task.Delay(20, Ct);
        }

        throw new TimeoutException("serf agent did not start: " + agent.Output);
    }

    public async Task<List<SerfAgentMember>> MembersAsync()
    {
        var json = await RunAsync("members", $"-rpc-addr=127.0.0.1:{RpcPort}", "-format=json");
        using var doc = JsonDocument.Parse(json);
        var result = new List<SerfAgentMember>();
        foreach (var m in doc.RootElement.GetProperty("members").EnumerateArray())
        {
            var tags = new Dictionary<string, string>();
            if (m.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in t.EnumerateObject())
                {
                    tags[p.Name] = p.Value.GetString() ?? string.Empty;
                }
            }

            result.Add(new SerfAgentMember(m.GetProperty("name").GetString()!, m.GetProperty("addr").GetString()!, m.GetProperty("status").GetString()!, tags));
        }

        return result;
    }

    public Task<string> JoinAsync(string address) => RunAsync("join", $"-rpc-addr=127.0.0.1:{RpcPort}", address);

    public Task<string> EventAsync(string name, string payload) => RunAsync("event", $"-rpc-addr=127.0.0.1:{RpcPort}", name, payload);

    public Task<string> LeaveAsync() => RunAsync("leave", $"-rpc-addr=127.0.0.1:{RpcPort}");

    public Task<string> CliAsync(params string[] args) => RunAsync([args[0], $"-rpc-addr=127.0.0.1:{RpcPort}", .. args[1..]]);

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        for (var i = 0; i < 50; i++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free port");
    }

    private static async Task<string> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"serf {string.Join(' ', args)} failed: {output}");
        }

        return output;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }
}
