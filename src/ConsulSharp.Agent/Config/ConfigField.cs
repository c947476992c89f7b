namespace ConsulSharp.Agent.Config;

/// <summary>Schema of one config key: its kind, nested fields for blocks, and accepted aliases.</summary>
internal sealed class ConfigField
{
    private ConfigField(ConfigKind kind, IReadOnlyDictionary<string, ConfigField>? fields, ConfigField? element, IReadOnlyList<string> aliases)
    {
        Kind = kind;
        Fields = fields;
        Element = element;
        Aliases = aliases;
    }

    public ConfigKind Kind { get; }

    /// <summary>For <see cref="ConfigKind.Block"/> and <see cref="ConfigKind.BlockList"/>: canonical snake_case key → field.</summary>
    public IReadOnlyDictionary<string, ConfigField>? Fields { get; }

    /// <summary>For <see cref="ConfigKind.Map"/>: the schema of each value.</summary>
    public ConfigField? Element { get; }

    /// <summary>Other spellings accepted for this key (matched case-insensitively, like the canonical name).</summary>
    public IReadOnlyList<string> Aliases { get; }

    public static ConfigField Str { get; } = new(ConfigKind.String, null, null, []);

    public static ConfigField Int { get; } = new(ConfigKind.Int, null, null, []);

    public static ConfigField Float { get; } = new(ConfigKind.Float, null, null, []);

    public static ConfigField Bool { get; } = new(ConfigKind.Bool, null, null, []);

    public static ConfigField Duration { get; } = new(ConfigKind.Duration, null, null, []);

    public static ConfigField StrList { get; } = new(ConfigKind.StringList, null, null, []);

    public static ConfigField Any { get; } = new(ConfigKind.Any, null, null, []);

    public static ConfigField AnyList { get; } = new(ConfigKind.AnyList, null, null, []);

    public static ConfigField StrMap { get; } = Map(Str);

    public static ConfigField Map(ConfigField element) => new(ConfigKind.Map, null, element, []);

    public static ConfigField Block(IReadOnlyDictionary<string, ConfigField> fields) => new(ConfigKind.Block, fields, null, []);

    public static ConfigField BlockList(IReadOnlyDictionary<string, ConfigField> fields) => new(ConfigKind.BlockList, fields, null, []);

    public ConfigField WithAliases(params string[] aliases) => new(Kind, Fields, Element, aliases);

    /// <summary>Finds the field for a key as written by the user: exact canonical name, then case-insensitive name, then alias.</summary>
    public (string Canonical, ConfigField Field, bool IsAlias)? Lookup(string key)
    {
        if (Fields is null)
        {
            return null;
        }

        if (Fields.TryGetValue(key, out var f))
        {
            return (key, f, false);
        }

        foreach (var (name, field) in Fields)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return (name, field, false);
            }
        }

        foreach (var (name, field) in Fields)
        {
            foreach (var alias in field.Aliases)
            {
                if (string.Equals(alias, key, StringComparison.OrdinalIgnoreCase))
                {
                    return (name, field, true);
                }
            }
        }

        return null;
    }
}
