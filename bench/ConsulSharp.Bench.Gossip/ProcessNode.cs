using System.Diagnostics;
using System.Globalization;
using ConsulSharp.Gossip.Membership;

/// <summary>A node in its own OS process (this program with <c>--node NAME</c>), like one serf agent per process.</summary>
internal sealed class ProcessNode : BenchNode
{
    private readonly SemaphoreSlim _io = new(1, 1);
    private Process? _process;

    public int Pid => _process!.Id;

    public static async Task<ProcessNode> StartAsync(string name, MemberlistOptions profile, string profileName, string? traceFile)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "ConsulSharp.Bench.Gossip");
        var info = new ProcessStartInfo(File.Exists(self) ? self : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!File.Exists(self))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConsulSharp.Bench.Gossip.dll"));
        }

        foreach (var a in new[] { "--node", name, "--profile", profileName })
        {
            info.ArgumentList.Add(a);
        }

        if (traceFile is not null)
        {
            info.ArgumentList.Add("--trace-file");
            info.ArgumentList.Add(traceFile);
        }

        _ = profile;
        var node = new ProcessNode { Name = name };
        node._process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + self);
        var first = await node._process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException(name + " exited at start");
        node.Port = int.Parse(first.AsSpan(5), CultureInfo.InvariantCulture);
        return node;
    }

    public override async Task<int> JoinAsync(string seed)
    {
        var reply = await CallAsync("join " + seed);
        return reply.StartsWith("ok ", StringComparison.Ordinal) ? int.Parse(reply.AsSpan(3), CultureInfo.InvariantCulture) : throw new InvalidOperationException(reply);
    }

    public override async Task<MembersReply> MembersAsync() => MembersReply.Parse(await CallAsync("members"));

    public override async Task LeaveAsync()
    {
        await CallAsync("leave");
        await _process!.WaitForExitAsync();
    }

    public override Task KillAsync()
    {
        _process!.Kill(entireProcessTree: false); // SIGKILL
        return _process.WaitForExitAsync();
    }

    public override (TimeSpan Cpu, long RssBytes)? Sample()
    {
        _process!.Refresh();
        return _process.HasExited ? null : (_process.TotalProcessorTime, _process.WorkingSet64);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_process!.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _io.Dispose();
    }

    private async Task<string> CallAsync(string command)
    {
        await _io.WaitAsync();
        try
        {
            await _process!.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException(Name + " closed its output");
        }
        finally
        {
            _io.Release();
        }
    }
}
