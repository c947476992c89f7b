namespace ConsulSharp.Agent.Local;

/// <summary>Content equality of definitions (records compare their collections by reference; this compares contents).</summary>
internal static class DefinitionEquality
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoHeader = new Dictionary<string, IReadOnlyList<string>>();
    private static readonly IReadOnlyDictionary<string, Core.Structs.ServiceAddress> NoTagged = new Dictionary<string, Core.Structs.ServiceAddress>();
    private static readonly IReadOnlyDictionary<string, string> NoMeta = new Dictionary<string, string>();

    public static bool Same(ServiceDefinition a, ServiceDefinition b)
    {
        static ServiceDefinition Bare(ServiceDefinition d) => d with { Tags = [], TaggedAddresses = NoTagged, Meta = NoMeta, Check = null, Checks = [] };
        return Bare(a) == Bare(b)
            && a.Tags.SequenceEqual(b.Tags, StringComparer.Ordinal)
            && SameMap(a.TaggedAddresses, b.TaggedAddresses, EqualityComparer<Core.Structs.ServiceAddress>.Default)
            && SameMap(a.Meta, b.Meta, StringComparer.Ordinal)
            && a.AllChecks.Count == b.AllChecks.Count
            && a.AllChecks.Zip(b.AllChecks).All(p => Same(p.First, p.Second));
    }

    public static bool Same(CheckDefinition a, CheckDefinition b)
    {
        static CheckDefinition Bare(CheckDefinition d) => d with { ScriptArgs = [], Header = NoHeader };
        return Bare(a) == Bare(b)
            && a.ScriptArgs.SequenceEqual(b.ScriptArgs, StringComparer.Ordinal)
            && a.Header.Count == b.Header.Count
            && a.Header.All(kv => b.Header.TryGetValue(kv.Key, out var v) && v.SequenceEqual(kv.Value, StringComparer.Ordinal));
    }

    private static bool SameMap<T>(IReadOnlyDictionary<string, T> a, IReadOnlyDictionary<string, T> b, IEqualityComparer<T> comparer) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && comparer.Equals(kv.Value, v));
}
