using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Client;
using ConsulSharp.Core.Flags;
using ConsulSharp.Core.Processes;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// <c>consul lock PREFIX CHILD...</c>: holds a lock (<c>-n 1</c>, key <c>PREFIX/.lock</c>) or a semaphore slot
/// (<c>-n &gt; 1</c>) while a child runs with <c>CONSUL_LOCK_HELD=true</c>; kills the child if the hold is lost, then
/// releases and removes the lock key when nobody else uses it.
/// </summary>
public sealed class LockCommand : CommandBase
{
    private static readonly TimeSpan MonitorRetryTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultWaitTime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);
    private readonly FlagValue<int> _limit;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<TimeSpan> _timeout;
    private readonly FlagValue<TimeSpan> _try;
    private readonly FlagValue<int> _monitorRetry;
    private readonly FlagValue<bool> _passStdin;
    private readonly FlagValue<bool> _shell;
    private readonly FlagValue<bool> _childExitCode;
    private readonly FlagValue<bool> _verbose;

    public LockCommand()
        : base("lock", serverFlags: true)
    {
        _limit = Flags.Int("n", 1, "Optional limit on the number of concurrent lock holders. The underlying implementation switches from a lock to a semaphore when increased past one. The default value is 1.");
        _name = Flags.String("name", "", "Optional name to associate with the underlying session. If not provided, one is generated based on the child command.");
        _timeout = Flags.Duration("timeout", TimeSpan.Zero, "Maximum amount of time to wait to acquire the lock, specified as a duration like \"1s\" or \"3h\". The default value is 0.");
        _try = Flags.Duration("try", TimeSpan.Zero, "DEPRECATED: Use -timeout instead.");
        _monitorRetry = Flags.Int("monitor-retry", 3, "Number of times to retry if Consul returns a 500 error while monitoring the lock. This allows riding out brief periods of unavailability without causing leader elections, but increases the amount of time required to detect a lost lock in some cases. The default value is 3, with a 1s wait between retries. Set this value to 0 to disable retires.");
        _passStdin = Flags.Bool("pass-stdin", false, "Pass stdin to the child process.");
        _shell = Flags.Bool("shell", true, "Use a shell to run the command (can set a custom shell via the SHELL environment variable).");
        _childExitCode = Flags.Bool("child-exit-code", false, "Exit 2 if the child process exited with an error if this is true, otherwise this doesn't propagate an error from the child. The default value is false.");
        _verbose = Flags.Bool("verbose", false, "Enable verbose (debugging) output.");
    }

    public override string Synopsis => "Execute a command holding a lock";

    protected override string UsageText => """
        Usage: consul lock [options] prefix child...

          Acquires a lock or semaphore at a given path, and invokes a child process
          when successful. The child process can assume the lock is held while it
          executes. If the lock is lost or communication is disrupted the child
          process will be sent a SIGTERM signal and given time to gracefully exit.
          After the grace period expires the process will be hard terminated.

          For Consul agents on Windows, the child process is always hard terminated
          with a SIGKILL, since Windows has no POSIX compatible notion for SIGTERM.

          When -n=1, only a single lock holder or leader exists providing mutual
          exclusion. Setting a higher value switches to a semaphore allowing multiple
          holders to coordinate.

          The prefix provided must have write privileges.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var timeout = Flags.IsSet("try") && !Flags.IsSet("timeout") ? _try.Value : _timeout.Value;
        if (_limit.Value <= 0)
        {
            await context.Err.WriteLineAsync("Lock holder limit must be positive").ConfigureAwait(false);
            return 1;
        }

        if (args.Count < 2)
        {
            await context.Err.WriteLineAsync("Key prefix and child command must be specified").ConfigureAwait(false);
            return 1;
        }

        var prefix = args[0].TrimStart('/');
        if (timeout < TimeSpan.Zero)
        {
            await context.Err.WriteLineAsync("Timeout must be positive").ConfigureAwait(false);
            return 1;
        }

        if (_monitorRetry.Value < 0)
        {
            await context.Err.WriteLineAsync("Number for 'monitor-retry' must be >= 0").ConfigureAwait(false);
            return 1;
        }

        var childArgs = args.Skip(1).ToList();
        var script = string.Join(' ', childArgs);
        var name = _name.Value is { Length: > 0 } n ? n : $"Consul lock for '{script}' at '{prefix}'";
        var oneshot = timeout > TimeSpan.Zero;
        var wait = oneshot ? timeout : DefaultWaitTime;

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnSignal(c, shutdown));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnSignal(c, shutdown));
        using var client = Client(context);

        ILockHandle handle;
        if (_limit.Value == 1)
        {
            var key = KvApi.PathJoin(prefix, ".lock");
            await VerboseAsync(context, $"Setting up lock at path: {key}").ConfigureAwait(false);
            handle = new ConsulLock(client, key, name, oneshot, wait, _monitorRetry.Value, MonitorRetryTime);
        }
        else
        {
            await VerboseAsync(context, $"Setting up semaphore (limit {_limit.Value.ToString(CultureInfo.InvariantCulture)}) at prefix: {prefix}").ConfigureAwait(false);
            handle = new ConsulSemaphore(client, prefix, _limit.Value, name, oneshot, wait, _monitorRetry.Value, MonitorRetryTime);
        }

        using var disposeHandle = handle;
        await VerboseAsync(context, "Attempting lock acquisition").ConfigureAwait(false);
        CancellationToken? lost;
        try
        {
            lost = await handle.AcquireAsync(shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LockException or ConsulApiException)
        {
            await context.Err.WriteLineAsync($"Lock acquisition failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (lost is not { } lostToken)
        {
            await context.Err.WriteLineAsync("Shutdown triggered or timeout during lock acquisition").ConfigureAwait(false);
            return 1;
        }

        var childFailed = false;
        if (!shutdown.IsCancellationRequested)
        {
            await VerboseAsync(context, "Starting handler").ConfigureAwait(false);
            Process child;
            try
            {
                child = StartChild(childArgs, script, context);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                await context.Err.WriteLineAsync($"Error running handler: {ex.Message}").ConfigureAwait(false);
                childFailed = true;
                child = null!;
            }

            if (child is not null)
            {
                using (child)
                {
                    var exited = child.WaitForExitAsync(CancellationToken.None);
                    var lostTask = Task.Delay(Timeout.Infinite, lostToken);
                    var stopTask = Task.Delay(Timeout.Infinite, shutdown.Token);
                    var first = await Task.WhenAny(exited, lostTask, stopTask).ConfigureAwait(false);
                    if (first == exited)
                    {
                        await VerboseAsync(context, "Child terminated, releasing lock").ConfigureAwait(false);
                    }
                    else
                    {
                        await context.Err.WriteLineAsync(first == lostTask ? "Lock lost, killing child" : "Shutdown triggered, killing child").ConfigureAwait(false);
                        await VerboseAsync(context, $"Terminating child pid {child.Id.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                        await KillChildAsync(child).ConfigureAwait(false);
                    }

                    childFailed = child.ExitCode != 0;
                }
            }
        }

        using var cleanupCts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await handle.ReleaseAsync(cleanupCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LockException or ConsulApiException)
        {
            await context.Err.WriteLineAsync($"Lock release failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        try
        {
            if (await handle.CleanupAsync(cleanupCts.Token).ConfigureAwait(false))
            {
                await VerboseAsync(context, "Cleanup succeeded").ConfigureAwait(false);
            }
            else
            {
                await VerboseAsync(context, "Cleanup aborted, lock in use").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is LockException or ConsulApiException)
        {
            await context.Err.WriteLineAsync($"Lock cleanup failed: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return _childExitCode.Value && childFailed ? 2 : 0;
    }

    private static void OnSignal(PosixSignalContext context, CancellationTokenSource shutdown)
    {
        context.Cancel = true;
        shutdown.Cancel();
    }

    private Process StartChild(List<string> childArgs, string script, CliContext context)
    {
        var psi = _shell.Value ? Subprocess.Shell(script, context.GetEnv("SHELL")) : Subprocess.Direct(childArgs);
        psi.RedirectStandardInput = !_passStdin.Value;
        psi.Environment["CONSUL_LOCK_HELD"] = "true";
        var child = Process.Start(psi) ?? throw new InvalidOperationException("failed to start the child process");
        if (!_passStdin.Value)
        {
            child.StandardInput.Close();
        }

        return child;
    }

    /// <summary>SIGTERM, then SIGKILL after the 5 s grace, as Consul's lock command does.</summary>
    private static async Task KillChildAsync(Process child)
    {
        if (child.HasExited)
        {
            return;
        }

        try
        {
            using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", child.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (term is not null)
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }

            using var grace = new CancellationTokenSource(KillGrace);
            await child.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    private async Task VerboseAsync(CliContext context, string line)
    {
        if (_verbose.Value)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
