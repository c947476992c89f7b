namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// Ordered set of AES keys (16, 24 or 32 bytes). The first key is the primary: it encrypts everything we send;
/// every key is tried in order when decrypting. Thread safe; changes take effect for the next message.
/// </summary>
public sealed class Keyring
{
    private readonly Lock _gate = new();
    private List<byte[]> _keys = [];

    public Keyring(IEnumerable<byte[]> keys, byte[]? primaryKey = null)
    {
        foreach (var key in keys)
        {
            AddKey(key);
        }

        if (primaryKey is not null)
        {
            AddKey(primaryKey);
            UseKey(primaryKey);
        }

        if (_keys.Count == 0)
        {
            throw new ArgumentException("a keyring needs at least one key", nameof(keys));
        }
    }

    /// <summary>Builds a keyring from base64 keys as printed by <c>serf keygen</c> / <c>consul keygen</c>; the first is primary.</summary>
    public static Keyring FromBase64(params string[] keys) => new(keys.Select(Convert.FromBase64String));

    /// <summary>The keys, primary first.</summary>
    public IReadOnlyList<byte[]> Keys
    {
        get
        {
            lock (_gate)
            {
                return [.. _keys.Select(k => (byte[])k.Clone())];
            }
        }
    }

    public byte[] PrimaryKey
    {
        get
        {
            lock (_gate)
            {
                return _keys[0];
            }
        }
    }

    internal IReadOnlyList<byte[]> Snapshot()
    {
        lock (_gate)
        {
            return _keys;
        }
    }

    public static void ValidateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("key size must be 16, 24 or 32 bytes");
        }
    }

    /// <summary>Adds a secondary key (no-op when already present).</summary>
    public void AddKey(byte[] key)
    {
        ValidateKey(key);
        lock (_gate)
        {
            if (_keys.Any(k => k.AsSpan().SequenceEqual(key)))
            {
                return;
            }

            _keys = [.. _keys, (byte[])key.Clone()];
        }
    }

    /// <summary>Makes an installed key the primary.</summary>
    public void UseKey(byte[] key)
    {
        lock (_gate)
        {
            var index = _keys.FindIndex(k => k.AsSpan().SequenceEqual(key));
            if (index < 0)
            {
                throw new InvalidOperationException("requested key is not in the keyring");
            }

            var next = new List<byte[]>(_keys.Count) { _keys[index] };
            next.AddRange(_keys.Where((_, i) => i != index));
            _keys = next;
        }
    }

    /// <summary>Removes a secondary key; the primary key cannot be removed.</summary>
    public void RemoveKey(byte[] key)
    {
        lock (_gate)
        {
            if (_keys[0].AsSpan().SequenceEqual(key))
            {
                throw new InvalidOperationException("removing the primary key is not allowed");
            }

            _keys = [.. _keys.Where(k => !k.AsSpan().SequenceEqual(key))];
        }
    }
}
