using System.Diagnostics.CodeAnalysis;

namespace ConsulSharp.State.Internal;

/// <summary>
/// An immutable sorted map from ordinal-ordered string keys to values: a path-copying AVL tree. Every write returns a
/// new map sharing all untouched nodes with the old one, so a published version never changes and readers need no lock.
/// </summary>
internal sealed class PersistentMap<T>
    where T : class
{
    public static readonly PersistentMap<T> Empty = new(null, 0);

    private readonly TreeNode? _root;

    private PersistentMap(TreeNode? root, int count)
    {
        _root = root;
        Count = count;
    }

    public int Count { get; }

    public bool IsEmpty => _root is null;

    public T? Get(string key)
    {
        var n = _root;
        while (n is not null)
        {
            var c = string.CompareOrdinal(key, n.Key);
            if (c == 0)
            {
                return n.Value;
            }

            n = c < 0 ? n.Left : n.Right;
        }

        return null;
    }

    public bool TryGet(string key, [NotNullWhen(true)] out T? value)
    {
        value = Get(key);
        return value is not null;
    }

    public PersistentMap<T> Set(string key, T value)
    {
        var added = false;
        var root = SetCore(_root, key, value, ref added);
        return new PersistentMap<T>(root, added ? Count + 1 : Count);
    }

    public PersistentMap<T> Remove(string key)
    {
        var removed = false;
        var root = RemoveCore(_root, key, ref removed);
        return removed ? new PersistentMap<T>(root, Count - 1) : this;
    }

    /// <summary>Entries whose key starts with <paramref name="prefix"/>, in key order.</summary>
    public Enumerator WithPrefix(string prefix) => new(_root, prefix, prefix, true);

    /// <summary>Entries whose key is at or after <paramref name="start"/>, in key order.</summary>
    public Enumerator From(string start) => new(_root, start, string.Empty, false);

    /// <summary>Entries at or after <paramref name="start"/> that still start with <paramref name="prefix"/>.</summary>
    public Enumerator From(string start, string prefix) => new(_root, start, prefix, true);

    public Enumerator GetEnumerator() => new(_root, string.Empty, string.Empty, false);

    /// <summary>True when at least one key starts with <paramref name="prefix"/>.</summary>
    public bool AnyWithPrefix(string prefix)
    {
        var e = WithPrefix(prefix);
        return e.MoveNext();
    }

    /// <summary>Builds a map in O(n) from entries already sorted by ordinal key without duplicates.</summary>
    public static PersistentMap<T> FromSorted(IReadOnlyList<KeyValuePair<string, T>> sorted)
    {
        for (var i = 1; i < sorted.Count; i++)
        {
            if (string.CompareOrdinal(sorted[i - 1].Key, sorted[i].Key) >= 0)
            {
                throw new ArgumentException("Entries are not strictly sorted by key.", nameof(sorted));
            }
        }

        return new PersistentMap<T>(Build(sorted, 0, sorted.Count), sorted.Count);
    }

    internal int Height => H(_root);

    internal void Validate()
    {
        var count = 0;
        string? last = null;
        Check(_root, ref count, ref last);
        if (count != Count)
        {
            throw new InvalidOperationException($"Count {Count} but {count} nodes.");
        }
    }

    private static void Check(TreeNode? n, ref int count, ref string? last)
    {
        if (n is null)
        {
            return;
        }

        Check(n.Left, ref count, ref last);
        if (last is not null && string.CompareOrdinal(last, n.Key) >= 0)
        {
            throw new InvalidOperationException("Keys out of order.");
        }

        last = n.Key;
        count++;
        if (Math.Abs(H(n.Left) - H(n.Right)) > 1 || n.Height != Math.Max(H(n.Left), H(n.Right)) + 1)
        {
            throw new InvalidOperationException("Tree unbalanced.");
        }

        Check(n.Right, ref count, ref last);
    }

    private static TreeNode? Build(IReadOnlyList<KeyValuePair<string, T>> sorted, int from, int to)
    {
        if (from >= to)
        {
            return null;
        }

        var mid = from + ((to - from) / 2);
        var left = Build(sorted, from, mid);
        var right = Build(sorted, mid + 1, to);
        return Make(sorted[mid].Key, sorted[mid].Value, left, right);
    }

    private static int H(TreeNode? n) => n?.Height ?? 0;

    private static TreeNode Make(string key, T value, TreeNode? left, TreeNode? right) =>
        new(key, value, left, right, Math.Max(H(left), H(right)) + 1);

    private static TreeNode Balance(string key, T value, TreeNode? left, TreeNode? right)
    {
        var hl = H(left);
        var hr = H(right);
        if (hl > hr + 1)
        {
            var l = left!;
            if (H(l.Left) >= H(l.Right))
            {
                return Make(l.Key, l.Value, l.Left, Make(key, value, l.Right, right));
            }

            var lr = l.Right!;
            return Make(lr.Key, lr.Value, Make(l.Key, l.Value, l.Left, lr.Left), Make(key, value, lr.Right, right));
        }

        if (hr > hl + 1)
        {
            var r = right!;
            if (H(r.Right) >= H(r.Left))
            {
                return Make(r.Key, r.Value, Make(key, value, left, r.Left), r.Right);
            }

            var rl = r.Left!;
            return Make(rl.Key, rl.Value, Make(key, value, left, rl.Left), Make(r.Key, r.Value, rl.Right, r.Right));
        }

        return Make(key, value, left, right);
    }

    private static TreeNode SetCore(TreeNode? n, string key, T value, ref bool added)
    {
        if (n is null)
        {
            added = true;
            return new TreeNode(key, value, null, null, 1);
        }

        var c = string.CompareOrdinal(key, n.Key);
        if (c == 0)
        {
            return new TreeNode(n.Key, value, n.Left, n.Right, n.Height);
        }

        return c < 0
            ? Balance(n.Key, n.Value, SetCore(n.Left, key, value, ref added), n.Right)
            : Balance(n.Key, n.Value, n.Left, SetCore(n.Right, key, value, ref added));
    }

    private static TreeNode? RemoveCore(TreeNode? n, string key, ref bool removed)
    {
        if (n is null)
        {
            return null;
        }

        var c = string.CompareOrdinal(key, n.Key);
        if (c < 0)
        {
            var l = RemoveCore(n.Left, key, ref removed);
            return removed ? Balance(n.Key, n.Value, l, n.Right) : n;
        }

        if (c > 0)
        {
            var r = RemoveCore(n.Right, key, ref removed);
            return removed ? Balance(n.Key, n.Value, n.Left, r) : n;
        }

        removed = true;
        if (n.Left is null)
        {
            return n.Right;
        }

        if (n.Right is null)
        {
            return n.Left;
        }

        var newRight = RemoveMin(n.Right, out var minKey, out var minValue);
        return Balance(minKey, minValue, n.Left, newRight);
    }

    private static TreeNode? RemoveMin(TreeNode n, out string key, out T value)
    {
        if (n.Left is null)
        {
            key = n.Key;
            value = n.Value;
            return n.Right;
        }

        var l = RemoveMin(n.Left, out key, out value);
        return Balance(n.Key, n.Value, l, n.Right);
    }

    internal sealed class TreeNode(string key, T value, TreeNode? left, TreeNode? right, int height)
    {
        public readonly string Key = key;
        public readonly T Value = value;
        public readonly TreeNode? Left = left;
        public readonly TreeNode? Right = right;
        public readonly int Height = height;
    }

    /// <summary>In-order walk from a lower bound, optionally stopping at the end of a prefix.</summary>
    public struct Enumerator
    {
        private readonly TreeNode?[]? _stack;
        private readonly string _prefix;
        private readonly bool _prefixOnly;
        private int _depth;
        private TreeNode? _current;

        internal Enumerator(TreeNode? root, string start, string prefix, bool prefixOnly)
        {
            _prefix = prefix;
            _prefixOnly = prefixOnly;
            _depth = 0;
            _current = null;
            if (root is null)
            {
                _stack = null;
                return;
            }

            _stack = new TreeNode?[root.Height + 1];
            var n = root;
            while (n is not null)
            {
                if (string.CompareOrdinal(n.Key, start) >= 0)
                {
                    _stack[_depth++] = n;
                    n = n.Left;
                }
                else
                {
                    n = n.Right;
                }
            }
        }

        public readonly KeyValuePair<string, T> Current => new(_current!.Key, _current.Value);

        public readonly string CurrentKey => _current!.Key;

        public readonly T CurrentValue => _current!.Value;

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_depth == 0)
            {
                _current = null;
                return false;
            }

            var n = _stack![--_depth]!;
            _stack[_depth] = null;
            if (_prefixOnly && !n.Key.StartsWith(_prefix, StringComparison.Ordinal))
            {
                _depth = 0;
                _current = null;
                return false;
            }

            _current = n;
            var r = n.Right;
            while (r is not null)
            {
                _stack[_depth++] = r;
                r = r.Left;
            }

            return true;
        }
    }
}
