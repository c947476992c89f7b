using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConsulSharp.Client;
using Xunit;

namespace ConsulSharp.Testing;

/// <summary>
/// The built <c>consul</c> executable run as a separate process, for end-to-end tests: CLI commands, agents that are
/// signalled, killed with SIGKILL and restarted. The binary is <c>$CONSUL_BINARY</c> (the test script publishes it),
/// else the Release build output of src/ConsulSharp.
/// </summary>
public sealed partial class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Uri> _httpReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _name;

    private AgentProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The HTTP address the agent logged (<c>Starting server: protocol=http address=...</c>).</summary>
    public Task<Uri> HttpReady => _httpReady.Task;

    public static string BinaryPath()
    {
        if (Environment.GetEnvironmentVariable("CONSUL_BINARY") is { Length: > 0 } env && File.Exists(env))
        {
            return env;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ConsulSharp.slnx")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Cannot find the repository root to locate the consul binary; set CONSUL_BINARY.");
        }

        foreach (var candidate in new[] { "src/ConsulSharp/bin/Release/net10.0/consul", "artifacts/consul/consul", "src/ConsulSharp/bin/Debug/net10.0/consul" })
        {
            var p = Path.Combine(dir.FullName, candidate);
            if (File.Exists(p))
            {
                return p;
            }
        }

        throw new InvalidOperationException("The consul binary is not built; run `dotnet build -c Release` or set CONSUL_BINARY.");
    }

    /// <summary>Starts <c>consul &lt;args&gt;</c> in the background.</summary>
    public static AgentProcess Start(IEnumerable<string> args, string name = "consul", IDictionary<string, string>? env = null, string? workingDirectory = null) =>
        StartUnder([], args, name, env, workingDirectory);

    /// <summary>
    /// Starts <c>&lt;launcher...&gt; consul &lt;args&gt;</c> in the background, e.g. with the launcher
    /// <c>ip netns exec &lt;namespace&gt;</c>. The launcher must exec the binary in place (as <c>ip netns exec</c> does),
    /// so the process id is consul's own and <see cref="KillHard"/> and signals reach consul.
    /// </summary>
    public static AgentProcess StartUnder(IReadOnlyList<string> launcher, IEnumerable<string> args, string name = "consul", IDictionary<string, string>? env = null, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        var psi = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : BinaryPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        if (launcher.Count > 0)
        {
            foreach (var a in launcher.Skip(1))
            {
                psi.ArgumentList.Add(a);
            }

            psi.ArgumentList.Add(BinaryPath());
        }

        foreach (var a in WithFreeGossipPorts(args.ToList()))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("CONSUL_HTTP_ADDR");
        psi.Environment.Remove("CONSUL_HTTP_TOKEN");
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var ap = new AgentProcess(process, name);
        process.OutputDataReceived += (_, e) => ap.OnLine(e.Data, stderr: false);
        process.ErrorDataReceived += (_, e) => ap.OnLine(e.Data, stderr: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ap;
    }

    /// <summary>
    /// Agents bind their gossip ports (8301/8302 by default, also in <c>-dev</c>), so agents started by tests get
    /// <c>-serf-lan-port=0 -serf-wan-port=0</c> unless the test sets those ports or uses config files.
    /// </summary>
    private static List<string> WithFreeGossipPorts(List<string> args)
    {
        if (args.Count == 0 || args[0] != "agent" || args.Any(a => a.TrimStart('-').StartsWith("config-", StringComparison.Ordinal)))
        {
            return args;
        }

        // -dev agents listen on the server port too (as Consul's): tests that do not choose one keep it closed (0:
        // in-memory Raft) so that dev agents running side by side do not compete for 8300.
        var flags = args.Contains("-dev") ? new[] { "serf-lan-port", "serf-wan-port", "server-port" } : ["serf-lan-port", "serf-wan-port"];
        foreach (var flag in flags)
        {
            if (!args.Any(a => a.TrimStart('-').StartsWith(flag, StringComparison.Ordinal)))
            {
                args.Add($"-{flag}=0");
            }
        }

        return args;
    }

    /// <summary>Runs a CLI command to completion and returns its exit code and output.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IDictionary<string, string>? env = null, string? stdin = null, TimeSpan? timeout = null)
    {
        await using var p = Start(args, "cli", env);
        if (stdin is not null)
        {
            await p._process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        p._process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await p._process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return new CliResult(p._process.ExitCode, p.Stdout, p.Stderr);
    }

    /// <summary>Starts an agent and waits until its HTTP API answers; returns a client for it.</summary>
    public static async Task<(AgentProcess Process, ConsulHttpClient Client)> StartAgentAsync(IEnumerable<string> args, string name = "agent", TimeSpan? timeout = null)
    {
        var p = Start(args, name);
        var uri = await p.WaitForHttpAsync(timeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return (p, new ConsulHttpClient(new ConsulClientConfig { Address = uri.ToString() }));
    }

    public async Task<Uri> WaitForHttpAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(_httpReady.Task, exited, Task.Delay(timeout)).ConfigureAwait(false);
        if (done == _httpReady.Task)
        {
            return await _httpReady.Task.ConfigureAwait(false);
        }

        throw new InvalidOperationException($"agent {_name} did not start its HTTP server ({(done == exited ? "exited with " + _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "timed out")}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>Waits until a line of stdout matches; fails with the output so far if it never does.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Stdout.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"agent {_name} never printed \"{text}\".\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    public void Signal(int signal) => _ = Kill(_process.Id, signal);

    public void Interrupt() => Signal(2);

    public void Terminate() => Signal(15);

    public void Hangup() => Signal(1);

    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool stderr)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            (stderr ? _stderr : _stdout).Append(line).Append('\n');
        }

        if (!stderr && HttpAddressRegex().Match(line) is { Success: true } m)
        {
            _httpReady.TrySetResult(new Uri($"http://{m.Groups[1].Value}/"));
        }

        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"[{_name}{(stderr ? " err" : "")}] {line}");
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"Starting server: protocol=http address=(\S+) network=tcp")]
    private static partial Regex HttpAddressRegex();

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
