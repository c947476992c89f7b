namespace ConsulSharp.Gossip.Serf;

/// <summary>Thread-safe Lamport clock; starts at 1 like serf's clocks after creation.</summary>
internal sealed class LamportClock
{
    private long _counter = 1;

    public ulong Time => (ulong)Interlocked.Read(ref _counter);

    public ulong Increment() => (ulong)Interlocked.Increment(ref _counter);

    /// <summary>Moves the clock past <paramref name="value"/> if it is not already ahead.</summary>
    public void Witness(ulong value)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _counter);
            if ((long)value < current)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _counter, (long)value + 1, current) == current)
            {
                return;
            }
        }
    }
}
