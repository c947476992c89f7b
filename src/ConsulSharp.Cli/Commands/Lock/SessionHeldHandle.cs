using System.Globalization;
using ConsulSharp.Cli.Commands.Kv;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// What a lock and a semaphore share: a session created for the hold and destroyed when it ends, and a monitor that
/// watches the KV data with consistent blocking reads (retrying <c>-monitor-retry</c> times on 500s) and signals the
/// loss of the hold. Subclasses say how to wait for the hold, how to recognise it, and how to give it back.
/// </summary>
internal abstract class SessionHeldHandle(ConsulHttpClient client, string sessionName, int monitorRetries, TimeSpan monitorRetryTime) : ILockHandle
{
    private readonly CancellationTokenSource _monitorStop = new();
    private Task? _monitor;
    private CancellationTokenSource? _lost;

    protected ConsulHttpClient Client => client;

    protected LockSession? Session { get; private set; }

    /// <summary>The key (lock) or prefix (semaphore) the monitor reads.</summary>
    protected abstract string MonitorKey { get; }

    /// <summary>The monitor's query string before the blocking index (starts with <c>?</c>, includes <c>consistent</c>).</summary>
    protected abstract string MonitorQuery { get; }

    public async Task<CancellationToken?> AcquireAsync(CancellationToken stop)
    {
        try
        {
            Session = await LockSession.CreateAsync(client, sessionName, stop).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new LockException($"failed to create session: {ex.Message}", ex);
        }

        var held = false;
        try
        {
            held = await WaitForHoldAsync(Session.Id, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            if (!held)
            {
                await EndSessionAsync().ConfigureAwait(false);
            }
        }

        if (!held)
        {
            return null;
        }

        _lost = new CancellationTokenSource();
        _monitor = MonitorAsync(Session!.Id, _lost);
        return _lost.Token;
    }

    public abstract Task ReleaseAsync(CancellationToken ct);

    public abstract Task<bool> CleanupAsync(CancellationToken ct);

    public void Dispose()
    {
        _monitorStop.Dispose();
        _lost?.Dispose();
    }

    /// <summary>Blocks until <paramref name="session"/> holds the lock or a slot; false on timeout (<c>-try</c>).</summary>
    protected abstract Task<bool> WaitForHoldAsync(string session, CancellationToken stop);

    /// <summary>Whether the monitor's read still shows <paramref name="session"/> as a holder.</summary>
    protected abstract bool StillHeld(List<KvPair> pairs, string session);

    /// <summary>Stops the monitor; the session of the hold, or a <see cref="LockException"/> with <paramref name="notHeld"/>.</summary>
    protected async Task<LockSession> StopMonitorAsync(string notHeld)
    {
        await _monitorStop.CancelAsync().ConfigureAwait(false);
        if (_monitor is not null)
        {
            await _monitor.ConfigureAwait(false);
        }

        return Session ?? throw new LockException(notHeld);
    }

    protected async Task EndSessionAsync()
    {
        if (Session is { } session)
        {
            Session = null;
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task MonitorAsync(string session, CancellationTokenSource lost)
    {
        ulong index = 0;
        var retries = monitorRetries;
        try
        {
            while (!_monitorStop.IsCancellationRequested)
            {
                List<KvPair>? pairs;
                try
                {
                    (pairs, var next) = await KvApi.ListAsync(client, MonitorKey, MonitorQuery + (index > 0 ? "&index=" + index.ToString(CultureInfo.InvariantCulture) : ""), _monitorStop.Token).ConfigureAwait(false);
                    index = next;
                }
                catch (ConsulApiException ex) when (retries > 0 && ex.StatusCode is 500 or 0)
                {
                    retries--;
                    index = 0;
                    await Task.Delay(monitorRetryTime, _monitorStop.Token).ConfigureAwait(false);
                    continue;
                }

                retries = monitorRetries;
                if (StillHeld(pairs ?? [], session))
                {
                    continue;
                }

                await lost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (_monitorStop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is ConsulApiException or LockException)
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }
    }

    internal static string BlockingQuery(ulong index, TimeSpan wait) =>
        index == 0 ? "" : $"?index={index.ToString(CultureInfo.InvariantCulture)}&wait={((long)Math.Max(1, wait.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)}ms";
}
