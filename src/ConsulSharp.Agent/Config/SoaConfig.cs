namespace ConsulSharp.Agent.Config;

/// <summary><c>dns_config.soa</c>: values in seconds.</summary>
public sealed record SoaConfig
{
    public uint Refresh { get; init; } = 3600;

    public uint Retry { get; init; } = 600;

    public uint Expire { get; init; } = 86400;

    public uint MinTtl { get; init; }
}
