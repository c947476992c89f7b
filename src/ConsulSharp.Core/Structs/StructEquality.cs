using System.Collections.Frozen;

namespace ConsulSharp.Core.Structs;

/// <summary>Content equality helpers for the collection-valued fields of the state rows.</summary>
public static class StructEquality
{
    public static readonly IReadOnlyDictionary<string, string> EmptyStrings = FrozenDictionary<string, string>.Empty;

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var ov) || !string.Equals(v, ov, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Same<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b)
        where T : IEquatable<T>
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var ov) || !v.Equals(ov))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Same(IReadOnlyDictionary<string, IReadOnlyList<string>> a, IReadOnlyDictionary<string, IReadOnlyList<string>> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var ov) || !Same(v, ov))
            {
                return false;
            }
        }

        return true;
    }

    public static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceEqual(b);
}
