namespace ConsulSharp.Hcl;

/// <summary>An object: keys in document order, each key once (repeated HCL blocks were already folded into a list).</summary>
public sealed class HclObject : HclNode
{
    private readonly Dictionary<string, HclProperty> _byKey;

    public HclObject(IReadOnlyList<HclProperty> properties, int line = 0, int column = 0)
        : base(line, column)
    {
        ArgumentNullException.ThrowIfNull(properties);
        Properties = properties;
        _byKey = new Dictionary<string, HclProperty>(StringComparer.Ordinal);
        foreach (var p in properties)
        {
            if (!_byKey.TryAdd(p.Key, p))
            {
                throw new ArgumentException($"duplicate key '{p.Key}'", nameof(properties));
            }
        }
    }

    public IReadOnlyList<HclProperty> Properties { get; }

    public override string GoTypeName => "map[string]interface {}";

    /// <summary>The value for an exact (case-sensitive) key, or null.</summary>
    public HclNode? this[string key] => _byKey.TryGetValue(key, out var p) ? p.Value : null;

    public bool TryGetValue(string key, out HclNode value)
    {
        if (_byKey.TryGetValue(key, out var p))
        {
            value = p.Value;
            return true;
        }

        value = null!;
        return false;
    }

    public override object? ToPlainValue()
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in Properties)
        {
            d[p.Key] = p.Value.ToPlainValue();
        }

        return d;
    }
}
