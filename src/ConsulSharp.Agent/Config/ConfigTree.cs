using ConsulSharp.Hcl;

namespace ConsulSharp.Agent.Config;

/// <summary>Typed read access to a decoded (and merged) config tree; absent keys read as null.</summary>
internal sealed class ConfigTree
{
    private static readonly Dictionary<string, object?> EmptyValues = new(StringComparer.Ordinal);

    public ConfigTree(Dictionary<string, object?> values)
    {
        Values = values;
    }

    public static ConfigTree Empty { get; } = new(EmptyValues);

    public Dictionary<string, object?> Values { get; }

    public bool Has(string key) => Values.TryGetValue(key, out var v) && v is not null;

    public string? Str(string key) => Values.TryGetValue(key, out var v) ? v as string : null;

    public long? Long(string key) => Values.TryGetValue(key, out var v) && v is long l ? l : null;

    public double? Double(string key) => Values.TryGetValue(key, out var v) ? v switch
    {
        double d => d,
        long l => l,
        _ => null,
    }
        : null;

    public bool? Bool(string key) => Values.TryGetValue(key, out var v) && v is bool b ? b : null;

    public TimeSpan? Duration(string key) => Values.TryGetValue(key, out var v) && v is TimeSpan t ? t : null;

    public HclNode? Node(string key) => Values.TryGetValue(key, out var v) ? v as HclNode : null;

    public ConfigTree Block(string key) => Values.TryGetValue(key, out var v) && v is Dictionary<string, object?> d ? new ConfigTree(d) : Empty;

    public IReadOnlyList<string> Strings(string key) =>
        Values.TryGetValue(key, out var v) && v is List<object?> l ? l.OfType<string>().ToList() : [];

    public IReadOnlyList<ConfigTree> Blocks(string key) =>
        Values.TryGetValue(key, out var v) && v is List<object?> l ? l.OfType<Dictionary<string, object?>>().Select(d => new ConfigTree(d)).ToList() : [];

    public IReadOnlyList<object?> List(string key) =>
        Values.TryGetValue(key, out var v) && v is List<object?> l ? l : [];

    public IReadOnlyDictionary<string, object?> Map(string key) =>
        Values.TryGetValue(key, out var v) && v is Dictionary<string, object?> d ? d : EmptyValues;
}
