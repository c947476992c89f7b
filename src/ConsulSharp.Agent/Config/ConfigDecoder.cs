using System.Globalization;
using ConsulSharp.Hcl;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Maps a parsed document (<see cref="HclObject"/> from HCL or JSON) onto <see cref="ConfigSchema"/>, as Consul's
/// mapstructure decode does: keys match the snake_case name case-insensitively (plus listed aliases; the canonical key
/// wins over an alias), a one-element list is unwrapped where a single value is expected (this is how HCL blocks land),
/// no weak typing (<c>"8500"</c> is not an int), durations must be Go duration strings. Every problem is collected.
/// <para>The result is a tree of canonical keys: blocks and maps are <c>Dictionary&lt;string, object?&gt;</c>, lists are
/// <c>List&lt;object?&gt;</c>, scalars are string, long, double, bool or <see cref="TimeSpan"/>; opaque values stay
/// <see cref="HclNode"/>.</para>
/// </summary>
internal static class ConfigDecoder
{
    public static Dictionary<string, object?> DecodeRoot(HclObject root, List<string> errors)
    {
        var tree = DecodeBlock(ConfigSchema.Root, root, "", errors);

        // Consul moves a source's singular service/check onto the end of its services/checks before merging.
        MoveSingular(tree, "service", "services");
        MoveSingular(tree, "check", "checks");
        return tree;
    }

    private static void MoveSingular(Dictionary<string, object?> tree, string single, string plural)
    {
        if (tree.Remove(single, out var one) && one is not null)
        {
            if (tree.TryGetValue(plural, out var existing) && existing is List<object?> list)
            {
                list.Add(one);
            }
            else
            {
                tree[plural] = new List<object?> { one };
            }
        }
    }

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;

    private static Dictionary<string, object?> DecodeBlock(ConfigField field, HclObject obj, string path, List<string> errors)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var resolved = new List<(HclProperty Prop, string Canonical, ConfigField Field, bool IsAlias)>();
        var canonicalPresent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prop in obj.Properties)
        {
            var hit = field.Lookup(prop.Key);
            if (hit is null)
            {
                errors.Add($"invalid config key {Join(path, prop.Key)}");
                continue;
            }

            var (canonical, f, isAlias) = hit.Value;
            resolved.Add((prop, canonical, f, isAlias));
            if (!isAlias)
            {
                canonicalPresent.Add(canonical);
            }
        }

        foreach (var (prop, canonical, f, isAlias) in resolved)
        {
            if (isAlias && canonicalPresent.Contains(canonical))
            {
                continue;
            }

            var value = Decode(f, prop.Value, Join(path, canonical), errors);
            if (value is not null)
            {
                result[canonical] = value;
            }
        }

        return result;
    }

    /// <summary>Decodes one value; null when absent (JSON null, empty block list) or invalid (the error is recorded).</summary>
    public static object? Decode(ConfigField field, HclNode node, string path, List<string> errors)
    {
        if (node is HclNull)
        {
            return null;
        }

        var isListKind = field.Kind is ConfigKind.StringList or ConfigKind.BlockList or ConfigKind.AnyList;
        if (!isListKind && node is HclList list)
        {
            if (list.Items.Count == 0)
            {
                return null;
            }

            if (list.Items.Count > 1)
            {
                errors.Add(field.Kind is ConfigKind.Block or ConfigKind.Map
                    ? $"'{path}' expected a map, got 'slice'"
                    : field.Kind == ConfigKind.Any
                        ? $"'{path}' expected a single value, got 'slice'"
                        : $"'{path}' expected type '{GoType(field.Kind)}', got unconvertible type '{node.GoTypeName}'");
                return null;
            }

            node = list.Items[0];
        }

        switch (field.Kind)
        {
            case ConfigKind.String:
                if (node is HclString s)
                {
                    return s.Value;
                }

                break;
            case ConfigKind.Int:
                if (node is HclInt i)
                {
                    return i.Value;
                }

                if (node is HclFloat fl && !double.IsNaN(fl.Value) && !double.IsInfinity(fl.Value))
                {
                    return (long)Math.Truncate(fl.Value);
                }

                break;
            case ConfigKind.Float:
                if (node is HclFloat f)
                {
                    return f.Value;
                }

                if (node is HclInt fi)
                {
                    return (double)fi.Value;
                }

                break;
            case ConfigKind.Bool:
                if (node is HclBool b)
                {
                    return b.Value;
                }

                break;
            case ConfigKind.Duration:
                if (node is HclString ds)
                {
                    if (GoDurationParser.TryParse(ds.Value, out var d, out var err))
                    {
                        return d;
                    }

                    errors.Add($"{path}: invalid duration: \"{ds.Value}\": {err}");
                    return null;
                }

                break;
            case ConfigKind.StringList:
                return DecodeList(node, path, errors, (item, p) =>
                {
                    if (item is HclString str)
                    {
                        return str.Value;
                    }

                    errors.Add($"'{p}' expected type 'string', got unconvertible type '{item.GoTypeName}'");
                    return null;
                });
            case ConfigKind.BlockList:
                return DecodeList(node, path, errors, (item, p) => Decode(ConfigField.Block(field.Fields!), item, p, errors));
            case ConfigKind.AnyList:
                return DecodeList(node, path, errors, (item, _) => item);
            case ConfigKind.Any:
                return node;
            case ConfigKind.Block:
                if (node is HclObject bo)
                {
                    return DecodeBlock(field, bo, path, errors);
                }

                errors.Add($"'{path}' expected a map, got '{GoKind(node)}'");
                return null;
            case ConfigKind.Map:
                if (node is HclObject mo)
                {
                    var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var prop in mo.Properties)
                    {
                        var v = Decode(field.Element!, prop.Value, $"{path}[{prop.Key}]", errors);
                        if (v is not null)
                        {
                            map[prop.Key] = v;
                        }
                    }

                    return map;
                }

                errors.Add($"'{path}' expected a map, got '{GoKind(node)}'");
                return null;
            default:
                break;
        }

        errors.Add($"'{path}' expected type '{GoType(field.Kind)}', got unconvertible type '{node.GoTypeName}'");
        return null;
    }

    private static List<object?>? DecodeList(HclNode node, string path, List<string> errors, Func<HclNode, string, object?> element)
    {
        IReadOnlyList<HclNode> items;
        if (node is HclList l)
        {
            items = l.Items;
        }
        else if (node is HclObject)
        {
            items = [node];
        }
        else
        {
            errors.Add($"'{path}': source data must be an array or slice, got {GoKind(node)}");
            return null;
        }

        var result = new List<object?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var v = element(items[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"));
            if (v is not null)
            {
                result.Add(v);
            }
        }

        return result;
    }

    private static string GoType(ConfigKind kind) => kind switch
    {
        ConfigKind.Int => "int",
        ConfigKind.Float => "float64",
        ConfigKind.Bool => "bool",
        _ => "string",
    };

    private static string GoKind(HclNode node) => node switch
    {
        HclObject => "map",
        HclList => "slice",
        HclString => "string",
        HclInt => "int",
        HclFloat => "float64",
        HclBool => "bool",
        _ => "invalid",
    };
}
