namespace ConsulSharp.Gossip.Membership;

/// <summary>
/// Lifeguard suspicion timer: starts at <c>max</c> (or <c>min</c> when no confirmations are expected) and shrinks
/// logarithmically towards <c>min</c> with each independent confirmation, up to <c>k</c> of them.
/// </summary>
internal sealed class Suspicion : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _confirmations = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly int _k;
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly long _start;
    private readonly ITimer _timer;
    private readonly Action<int> _onTimeout;
    private int _n;
    private int _fired;

    public Suspicion(string from, int k, TimeSpan min, TimeSpan max, TimeProvider time, Action<int> onTimeout)
    {
        _time = time;
        _k = k;
        _min = min;
        _max = max;
        _onTimeout = onTimeout;
        _confirmations.Add(from);
        _start = time.GetTimestamp();
        var timeout = k < 1 ? min : max;
        _timer = time.CreateTimer(_ => Fire(), null, timeout, Timeout.InfiniteTimeSpan);
    }

    public int Confirmations => Volatile.Read(ref _n);

    /// <summary>The number of independent confirmations that bring the timeout down to the minimum (k).</summary>
    public int Expected => _k;

    /// <summary>Registers a confirmation from a new accuser; returns true when it was new (and should be re-gossiped).</summary>
    public bool Confirm(string from)
    {
        lock (_gate)
        {
            if (_n >= _k || !_confirmations.Add(from))
            {
                return false;
            }

            _n++;
            var remaining = RemainingTime(_n, _k, _time.GetElapsedTime(_start), _min, _max);
            if (remaining > TimeSpan.Zero)
            {
                _timer.Change(remaining, Timeout.InfiniteTimeSpan);
            }
            else
            {
                _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }

            return true;
        }
    }

    public static TimeSpan RemainingTime(int n, int k, TimeSpan elapsed, TimeSpan min, TimeSpan max)
    {
        var fraction = Math.Log(n + 1.0) / Math.Log(k + 1.0);
        var raw = max.TotalSeconds - (fraction * (max.TotalSeconds - min.TotalSeconds));
        var timeout = TimeSpan.FromMilliseconds(Math.Floor(1000.0 * raw));
        if (timeout < min)
        {
            timeout = min;
        }

        return timeout - elapsed;
    }

    public void Dispose() => _timer.Dispose();

    private void Fire()
    {
        if (Interlocked.Exchange(ref _fired, 1) == 0)
        {
            _onTimeout(Confirmations);
        }
    }
}
