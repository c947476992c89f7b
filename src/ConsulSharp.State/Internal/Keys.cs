namespace ConsulSharp.State.Internal;

/// <summary>
/// Builds the ordinal string keys of the tables. Case-insensitive columns are lowercased and compound keys are joined
/// with NUL, which gives the same iteration order as Consul's memdb compound indexes.
/// </summary>
internal static class Keys
{
    public const char Separator = '\0';

    public static string Lower(string s) => s.ToLowerInvariant();

    public static string Pair(string a, string b) => string.Concat(Lower(a), "\0", Lower(b));

    public static string PairPrefix(string a) => string.Concat(Lower(a), "\0");

    public static string Triple(string a, string b, string c) =>
        string.Join(Separator, Lower(a), Lower(b), Lower(c));

    public static string SessionKv(string session, string key) => string.Concat(Lower(session), "\0", key);

    public static string Coordinate(string node, string segment) => string.Concat(Lower(node), "\0", segment);
}
