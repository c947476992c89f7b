namespace ConsulSharp.Agent.Config;

/// <summary>
/// Merges decoded sources the way Consul does: scalars and opaque values — last non-null wins; lists concatenate in
/// source order; maps overlay key by key; blocks merge field by field with these same rules.
/// </summary>
internal static class ConfigMerger
{
    public static void Merge(Dictionary<string, object?> target, Dictionary<string, object?> source) =>
        MergeBlock(ConfigSchema.Root, target, source);

    private static void MergeBlock(ConfigField field, Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
        {
            if (value is null)
            {
                continue;
            }

            var f = field.Fields is not null && field.Fields.TryGetValue(key, out var ff) ? ff : null;
            if (f is null || !target.TryGetValue(key, out var existing) || existing is null)
            {
                target[key] = Clone(value);
                continue;
            }

            switch (f.Kind)
            {
                case ConfigKind.StringList:
                case ConfigKind.BlockList:
                case ConfigKind.AnyList:
                    ((List<object?>)existing).AddRange(((List<object?>)value).Select(Clone));
                    break;
                case ConfigKind.Map:
                    var map = (Dictionary<string, object?>)existing;
                    foreach (var (k, v) in (Dictionary<string, object?>)value)
                    {
                        map[k] = Clone(v);
                    }

                    break;
                case ConfigKind.Block:
                    MergeBlock(f, (Dictionary<string, object?>)existing, (Dictionary<string, object?>)value);
                    break;
                default:
                    target[key] = value;
                    break;
            }
        }
    }

    /// <summary>Deep-copies the mutable containers so merging never aliases a source's lists or maps.</summary>
    private static object? Clone(object? value) => value switch
    {
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Clone(kv.Value), StringComparer.Ordinal),
        List<object?> l => l.Select(Clone).ToList(),
        _ => value,
    };
}
