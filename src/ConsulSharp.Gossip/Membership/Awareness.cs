namespace ConsulSharp.Gossip.Membership;

/// <summary>Lifeguard local health score: 0 = healthy; timeouts are scaled by (score + 1). Thread safe.</summary>
internal sealed class Awareness(int max)
{
    private int _score;

    public int Score => Volatile.Read(ref _score);

    public void ApplyDelta(int delta)
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref _score);
            next = Math.Clamp(current + delta, 0, max - 1);
        }
        while (Interlocked.CompareExchange(ref _score, next, current) != current);
    }

    public TimeSpan Scale(TimeSpan timeout) => timeout * (Score + 1);
}
