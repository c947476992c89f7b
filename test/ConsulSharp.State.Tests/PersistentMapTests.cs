using ConsulSharp.State.Internal;

namespace ConsulSharp.State.Tests;

public sealed class PersistentMapTests
{
    private static List<KeyValuePair<string, string>> All(PersistentMap<string>.Enumerator e)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var kv in e)
        {
            list.Add(kv);
        }

        return list;
    }

    [Fact]
    public void Random_operations_match_a_sorted_dictionary_and_stay_balanced()
    {
        var rng = new Random(42);
        var reference = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var map = PersistentMap<string>.Empty;
        for (var i = 0; i < 20_000; i++)
        {
            var key = "k" + rng.Next(3000).ToString("D4");
            if (rng.Next(3) == 0)
            {
                reference.Remove(key);
                map = map.Remove(key);
            }
            else
            {
                reference[key] = "v" + i;
                map = map.Set(key, "v" + i);
            }
        }

        map.Validate();
        Assert.Equal(reference.Count, map.Count);
        Assert.Equal(reference.ToList(), All(map.GetEnumerator()));
        Assert.True(map.Height <= 1.45 * Math.Log2(map.Count + 2));
    }

    [Fact]
    public void Old_versions_are_unchanged_by_later_writes()
    {
        var v1 = PersistentMap<string>.Empty.Set("a", "1").Set("b", "2");
        var v2 = v1.Set("a", "changed").Remove("b").Set("c", "3");
        Assert.Equal("1", v1.Get("a"));
        Assert.Equal("2", v1.Get("b"));
        Assert.Null(v1.Get("c"));
        Assert.Equal("changed", v2.Get("a"));
        Assert.Null(v2.Get("b"));
        Assert.Same(v2, v2.Remove("missing"));
    }

    [Fact]
    public void Prefix_walk_returns_exactly_the_keys_under_the_prefix_in_order()
    {
        var map = PersistentMap<string>.Empty;
        foreach (var k in new[] { "a", "ab", "abc", "abd", "ac", "b", "aa", "a/", "a/x" })
        {
            map = map.Set(k, k);
        }

        Assert.Equal(["ab", "abc", "abd"], All(map.WithPrefix("ab")).Select(kv => kv.Key).ToList());
        Assert.Equal(["a", "a/", "a/x", "aa", "ab", "abc", "abd", "ac"], All(map.WithPrefix("a")).Select(kv => kv.Key).ToList());
        Assert.Empty(All(map.WithPrefix("zz")).Select(kv => kv.Key).ToList());
        Assert.Equal(9, All(map.WithPrefix("")).Count);
        Assert.Equal(["ac", "b"], All(map.From("abz")).Select(kv => kv.Key).ToList());
    }

    [Fact]
    public void FromSorted_builds_a_valid_tree_and_rejects_unsorted_input()
    {
        var rows = Enumerable.Range(0, 1000).Select(i => new KeyValuePair<string, string>(i.ToString("D5"), "x")).ToList();
        var map = PersistentMap<string>.FromSorted(rows);
        map.Validate();
        Assert.Equal(1000, map.Count);
        Assert.Equal("x", map.Get("00500"));
        rows.Reverse();
        Assert.Throws<ArgumentException>(() => PersistentMap<string>.FromSorted(rows));
    }
}
