namespace ConsulSharp.State.Internal;

/// <summary>
/// The <c>wait</c> timeouts of blocking queries on one shared timer: a ring of <see cref="Slots"/> lists, one per
/// <see cref="Tick"/>, and a periodic timer that runs only while some wait is registered. Registering and leaving are
/// O(1) under one slot's lock and allocate nothing, where a linked <see cref="CancellationTokenSource"/> with its own
/// timer per wait cost an allocation, a timer-queue insert and removal, and a registration on the server's shared
/// stop token (one contended lock for every waiter woken by a write).
/// </summary>
/// <remarks>
/// A wait expires on the first tick at or after its deadline, never before it; Consul adds up to wait/16 of jitter to
/// every wait anyway. A slot remembers the last tick it was swept for, so a registration whose tick was already swept
/// (a timer running late) expires at once instead of waiting a whole turn of the ring.
/// </remarks>
internal sealed class DeadlineWheel
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    /// <summary>One turn of the ring is 819 s, beyond Consul's longest wait (10 min plus 1/16 of jitter). Longer
    /// waits stay in their slot for more turns.</summary>
    public const int Slots = 1 << 14;

    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly double _ticksPerTimestamp;
    private readonly Slot[] _slots = new Slot[Slots];
    private readonly Lock _timerLock = new();
    private ITimer? _timer;
    private long _count;
    private long _nextTick;
    private int _sweeping;

    public DeadlineWheel(TimeProvider time)
    {
        _time = time;
        _origin = time.GetTimestamp();
        _ticksPerTimestamp = 1.0 / (Tick.TotalSeconds * time.TimestampFrequency);
        for (var i = 0; i < Slots; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>Waits registered now (for tests).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>True while the shared timer runs (for tests: no waits, no timer).</summary>
    public bool TimerRunning => Volatile.Read(ref _timer) is not null;

    /// <summary>Registers <paramref name="waiter"/> to be cancelled once <paramref name="timeout"/> has passed.
    /// Returns false (nothing registered) when the timeout has already passed.</summary>
    public bool Add(Waiter waiter, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return false;
        }

        Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _timer) is null)
        {
            StartTimer();
        }

        var due = (long)Math.Ceiling((_time.GetTimestamp() - _origin + (timeout.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond)) * _ticksPerTimestamp);
        var slot = _slots[due & (Slots - 1)];
        lock (slot.Gate)
        {
            if (slot.SweptThrough < due)
            {
                waiter.DeadlineDue = due;
                waiter.DeadlineSlot = slot;
                waiter.DeadlinePrev = null;
                waiter.DeadlineNext = slot.Head;
                if (slot.Head is not null)
                {
                    slot.Head.DeadlinePrev = waiter;
                }

                slot.Head = waiter;
                return true;
            }
        }

        Interlocked.Decrement(ref _count);
        return false;
    }

    /// <summary>Unregisters <paramref name="waiter"/> if its deadline has not fired (a no-op otherwise).</summary>
    public void Remove(Waiter waiter)
    {
        if (Volatile.Read(ref waiter.DeadlineSlot) is not { } slot)
        {
            return;
        }

        lock (slot.Gate)
        {
            if (waiter.DeadlineSlot != slot)
            {
                return; // the sweep took it
            }

            Unlink(slot, waiter);
        }

        Interlocked.Decrement(ref _count);
    }

    private static void Unlink(Slot slot, Waiter waiter)
    {
        if (waiter.DeadlinePrev is null)
        {
            slot.Head = waiter.DeadlineNext;
        }
        else
        {
            waiter.DeadlinePrev.DeadlineNext = waiter.DeadlineNext;
        }

        if (waiter.DeadlineNext is not null)
        {
            waiter.DeadlineNext.DeadlinePrev = waiter.DeadlinePrev;
        }

        waiter.DeadlinePrev = null;
        waiter.DeadlineNext = null;
        Volatile.Write(ref waiter.DeadlineSlot, null);
    }

    private long NowTick() => (long)((_time.GetTimestamp() - _origin) * _ticksPerTimestamp);

    private void StartTimer()
    {
        lock (_timerLock)
        {
            if (_timer is not null)
            {
                return;
            }

            // Nothing is registered in the ticks swept while the timer was off.
            _nextTick = NowTick();
            Volatile.Write(ref _timer, _time.CreateTimer(static s => ((DeadlineWheel)s!).Sweep(), this, Tick, Tick));
        }
    }

    private void Sweep()
    {
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return; // the previous sweep still runs; it sweeps up to its own now
        }

        try
        {
            var now = NowTick();
            for (var t = _nextTick; t <= now; t++)
            {
                SweepSlot(t);
            }

            _nextTick = Math.Max(_nextTick, now + 1);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }

        if (Interlocked.Read(ref _count) == 0)
        {
            StopTimerIfIdle();
        }
    }

    private void SweepSlot(long tick)
    {
        var slot = _slots[tick & (Slots - 1)];
        Waiter? expired = null;
        lock (slot.Gate)
        {
            slot.SweptThrough = tick;
            var w = slot.Head;
            while (w is not null)
            {
                var next = w.DeadlineNext;
                if (w.DeadlineDue <= tick)
                {
                    Unlink(slot, w);
                    w.DeadlineNext = expired;
                    expired = w;
                }

                w = next;
            }
        }

        while (expired is not null)
        {
            var next = expired.DeadlineNext;
            expired.DeadlineNext = null;
            Interlocked.Decrement(ref _count);
            expired.Cancel();
            expired = next;
        }
    }

    private void StopTimerIfIdle()
    {
        lock (_timerLock)
        {
            if (Interlocked.Read(ref _count) != 0 || _timer is not { } timer)
            {
                return;
            }

            // Full fence between clearing the timer and re-reading the count; Add increments the count (a full
            // fence) before it reads the timer, so one of the two sees the other and the timer is never lost.
            Interlocked.Exchange(ref _timer, null);
            timer.Dispose();
            if (Interlocked.Read(ref _count) == 0)
            {
                return;
            }
        }

        StartTimer();
    }

    internal sealed class Slot
    {
        public readonly Lock Gate = new();
        public Waiter? Head;
        public long SweptThrough = -1;
    }
}
