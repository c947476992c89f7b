namespace ConsulSharp.Http.Routing;

/// <summary>
/// The last JSON body an endpoint serialized, per format, reused while the next result is the same. A write wakes
/// every blocking watcher of an item at once and each re-reads the same immutable rows, so N watchers serialize once
/// instead of N times. The body is a pure function of the result and the format (never of the request: tokens,
/// <c>?raw</c> and the like decide what the result is, or bypass this), so sharing it across requests is safe.
/// </summary>
/// <remarks>
/// Thread-safe without locks: a slot is an immutable pair swapped with one reference write; two threads that miss at
/// once both serialize and the last one stays. Bodies above <see cref="MaxBytes"/> are not kept, so a huge listing is
/// not pinned in memory after its watchers are gone.
/// </remarks>
internal sealed class SharedBody<T>(Func<T, T, bool> sameResult)
    where T : class
{
    public const int MaxBytes = 1 << 20;

    private Slot? _compact;
    private Slot? _pretty;
    private long _serialized;

    /// <summary>How many bodies were serialized (misses), for tests and diagnostics.</summary>
    public long Serialized => Interlocked.Read(ref _serialized);

    /// <summary>The body of <paramref name="result"/>: the shared one when the last result was the same, else
    /// <paramref name="serialize"/>'s (then shared).</summary>
    public byte[] Get(T result, bool pretty, Func<T, bool, byte[]> serialize)
    {
        var slot = Volatile.Read(ref pretty ? ref _pretty : ref _compact);
        if (slot is not null && (ReferenceEquals(slot.Result, result) || sameResult(slot.Result, result)))
        {
            return slot.Body;
        }

        var body = serialize(result, pretty);
        Interlocked.Increment(ref _serialized);
        if (body.Length <= MaxBytes)
        {
            Volatile.Write(ref pretty ? ref _pretty : ref _compact, new Slot(result, body));
        }

        return body;
    }

    private sealed class Slot(T result, byte[] body)
    {
        public readonly T Result = result;

        public readonly byte[] Body = body;
    }
}
