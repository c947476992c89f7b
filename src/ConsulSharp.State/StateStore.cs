using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

/// <summary>
/// The in-memory MVCC state store of a server. One writer (the FSM, applying committed raft entries in order) calls the
/// write methods with each entry's raft index; every write builds a new immutable <see cref="StateSnapshot"/>, publishes
/// it atomically and then wakes exactly the watchers of what changed. Readers take <see cref="Current"/> (no lock) and
/// query it; blocking readers pass their <see cref="WatchSet"/> to <see cref="WaitAsync(WatchSet, TimeSpan, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// Write methods throw <see cref="StateStoreException"/> (Consul's error text) for a refused write; the store is then
/// unchanged. Writes are serialized internally, but the design assumes a single writer. Lock delays (a released key
/// cannot be re-acquired for a while) are server-local and not part of snapshots, as in Consul.
/// </remarks>
public sealed partial class StateStore
{
    private readonly Lock _writeLock = new();
    private readonly ChangeSet _changes = new();
    private readonly WatchRegistry _watches;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _lockDelays = new(StringComparer.Ordinal);
    private readonly DeadlineWheel _deadlines;
    private StateSnapshot _current;
    private int _waitsClosed;

    public StateStore(TimeProvider timeProvider)
    {
        _time = timeProvider;
        _deadlines = new DeadlineWheel(timeProvider);
        _current = new StateSnapshot(Tables.Empty, 0);
        _watches = new WatchRegistry(() => Volatile.Read(ref _current).Version);
    }

    /// <summary>The latest published version.</summary>
    public StateSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Watched items that currently have waiters.</summary>
    public int ActiveWatchCount => _watches.ActiveCount;

    /// <summary>
    /// Waits until something in <paramref name="watchSet"/> changes after the version it was read at. Returns true on a
    /// change (possibly a spurious one: re-run the query and compare indexes), false when cancelled. Never throws for
    /// cancellation. An empty watch set waits for cancellation only.
    /// </summary>
    public Task<bool> WaitAsync(WatchSet watchSet, CancellationToken cancellationToken) =>
        WaitAsync(watchSet, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// <see cref="WaitAsync(WatchSet, CancellationToken)"/> that also ends (false) after <paramref name="timeout"/>
    /// (infinite: none) or once <see cref="CloseWaits"/> was called (true: the caller re-reads and answers). The
    /// timeout lives on a shared timer wheel, so a blocking query needs no timer or linked token source of its own.
    /// </summary>
    public async Task<bool> WaitAsync(WatchSet watchSet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(watchSet.Count);
        var nodes = waiter.Nodes;
        var n = 0;
        try
        {
            foreach (var key in watchSet.Items)
            {
                if (!_watches.Acquire(key, watchSet.Version, nodes[n]))
                {
                    return true;
                }

                n++;
            }

            // CloseWaits sets the flag and then fires every entry: a waiter linked before that is fired, one linked
            // after it sees the flag here (Acquire took the entry's lock, a full fence, before this read).
            if (Volatile.Read(ref _waitsClosed) != 0)
            {
                return true;
            }

            if (timeout != Timeout.InfiniteTimeSpan && !_deadlines.Add(waiter, timeout))
            {
                return false;
            }

            // A wake-up runs this continuation inline on the waking batch's thread (see Waiter).
            using (cancellationToken.UnsafeRegister(static w => ((Waiter)w!).Cancel(), waiter))
            {
                return await waiter.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            _deadlines.Remove(waiter);
            for (var i = 0; i < n; i++)
            {
                _watches.Release(nodes[i]);
            }
        }
    }

    /// <summary>
    /// Ends every wait for good (the server is stopping): waits in progress and later ones return true at once, so
    /// blocking queries answer their current result instead of holding their connections until their timeouts.
    /// </summary>
    public void CloseWaits()
    {
        Interlocked.Exchange(ref _waitsClosed, 1);
        _watches.FireAll();
    }

    /// <summary>Blocking-query timeouts registered on the shared timer (for tests).</summary>
    internal long PendingDeadlines => _deadlines.Count;

    /// <summary>True while the shared timeout timer runs (for tests: it stops when no wait has a timeout).</summary>
    internal bool DeadlineTimerRunning => _deadlines.TimerRunning;

    /// <summary>True while <paramref name="key"/> has waiters that have not been woken (synchronous, for tests).</summary>
    internal bool HasWaiters(WatchKey key) => _watches.HasWaiters(key);

    /// <summary>How many waiters wait on <paramref name="key"/> right now (for tests).</summary>
    internal int WaitersOf(WatchKey key) => _watches.WaitersOf(key);

    /// <summary>When the lock delay of a key ends (MinValue when it has none).</summary>
    public DateTimeOffset KvLockDelayExpiration(string key)
    {
        lock (_lockDelays)
        {
            return _lockDelays.GetValueOrDefault(key, DateTimeOffset.MinValue);
        }
    }

    private TResult Write<TResult>(ulong index, Func<WriteTxn, TResult> body)
    {
        lock (_writeLock)
        {
            _changes.Clear();
            var txn = new WriteTxn(_current.Tables, index, _changes);
            var result = body(txn);
            Commit(txn.T);
            return result;
        }
    }

    private void Write(ulong index, Action<WriteTxn> body) =>
        Write(index, txn =>
        {
            body(txn);
            return true;
        });

    /// <summary>Publishes a version, records lock delays, then fires the changed items (publish first: see WatchRegistry).</summary>
    private void Commit(Tables tables)
    {
        var next = new StateSnapshot(tables, _current.Version + 1);
        Volatile.Write(ref _current, next);
        if (_changes.LockDelays.Count > 0)
        {
            var now = _time.GetUtcNow();
            lock (_lockDelays)
            {
                foreach (var (key, delay) in _changes.LockDelays)
                {
                    _lockDelays[key] = now + delay;
                }
            }
        }

        foreach (var item in _changes.Items)
        {
            _watches.Fire(item);
        }

        foreach (var key in _changes.KvKeys)
        {
            _watches.FireKv(key);
        }
    }
}
