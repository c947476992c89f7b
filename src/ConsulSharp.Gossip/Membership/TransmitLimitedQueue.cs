namespace ConsulSharp.Gossip.Membership;

/// <summary>
/// Broadcast queue with a retransmit limit of <c>RetransmitMult × ceil(log10(N + 1))</c>. Messages with the same
/// non-null key replace each other (memberlist's per-node invalidation). Served fewest-transmits first, then largest
/// first. Thread safe.
/// </summary>
internal sealed class TransmitLimitedQueue(Func<int> numNodes, int retransmitMult)
{
    private readonly Lock _gate = new();
    private readonly List<Item> _items = [];
    private long _nextId;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public static int RetransmitLimit(int retransmitMult, int n) => retransmitMult * (int)Math.Ceiling(Math.Log10(n + 1.0));

    /// <summary>Queues a message; <paramref name="finished"/> completes when it is retired or replaced.</summary>
    public void Enqueue(byte[] message, string? key, TaskCompletionSource? finished = null)
    {
        lock (_gate)
        {
            if (key is not null)
            {
                for (var i = _items.Count - 1; i >= 0; i--)
                {
                    if (_items[i].Key == key)
                    {
                        _items[i].Finished?.TrySetResult();
                        _items.RemoveAt(i);
                    }
                }
            }

            _items.Add(new Item(message, key, finished, _nextId++));
        }
    }

    public List<byte[]> GetBroadcasts(int overhead, int limit)
    {
        var result = new List<byte[]>();

        // numNodes() takes memberlist's state lock, which is held while enqueueing: never call it under _gate.
        var transmitLimit = RetransmitLimit(retransmitMult, numNodes());
        lock (_gate)
        {
            if (_items.Count == 0)
            {
                return result;
            }

            _items.Sort(static (a, b) =>
            {
                var c = a.Transmits.CompareTo(b.Transmits);
                if (c != 0)
                {
                    return c;
                }

                c = b.Message.Length.CompareTo(a.Message.Length);
                return c != 0 ? c : b.Id.CompareTo(a.Id);
            });
            var used = 0;
            for (var i = 0; i < _items.Count; i++)
            {
                var item = _items[i];
                if (used + overhead + item.Message.Length > limit)
                {
                    continue;
                }

                used += overhead + item.Message.Length;
                result.Add(item.Message);
                item.Transmits++;
                if (item.Transmits >= transmitLimit)
                {
                    item.Finished?.TrySetResult();
                    _items.RemoveAt(i);
                    i--;
                }
            }
        }

        return result;
    }

    public void Reset()
    {
        lock (_gate)
        {
            foreach (var item in _items)
            {
                item.Finished?.TrySetResult();
            }

            _items.Clear();
        }
    }

    private sealed class Item(byte[] message, string? key, TaskCompletionSource? finished, long id)
    {
        public byte[] Message { get; } = message;

        public string? Key { get; } = key;

        public TaskCompletionSource? Finished { get; } = finished;

        public long Id { get; } = id;

        public int Transmits { get; set; }
    }
}
