namespace ConsulSharp.Agent.Config;

/// <summary>The type of one config key, which decides how it is decoded and how sources merge (Consul's rules).</summary>
internal enum ConfigKind
{
    /// <summary>Scalar; last non-null value wins.</summary>
    String,

    Int,

    Float,

    Bool,

    /// <summary>Go duration string (<c>"10s"</c>), decoded to <see cref="TimeSpan"/>.</summary>
    Duration,

    /// <summary>List of strings; sources concatenate.</summary>
    StringList,

    /// <summary>Free-form keys, each value of <see cref="ConfigField.Element"/>; keys overlay.</summary>
    Map,

    /// <summary>Fixed keys (<see cref="ConfigField.Fields"/>); merged field by field.</summary>
    Block,

    /// <summary>List of blocks; sources concatenate.</summary>
    BlockList,

    /// <summary>Opaque value kept as parsed (<c>connect.ca_config</c>, <c>proxy</c>...); last wins.</summary>
    Any,

    /// <summary>List of opaque objects (<c>watches</c>); sources concatenate.</summary>
    AnyList,
}
