namespace ConsulSharp.Contracts.Agent;

/// <summary><c>GET /v1/agent/host</c>: a subset of gopsutil's shape with lowerCamel inner keys.</summary>
public sealed record HostInfo
{
    public required Dictionary<string, object?> Memory { get; init; }

    public required List<Dictionary<string, object?>> CPU { get; init; }

    public required Dictionary<string, object?> Host { get; init; }

    public required Dictionary<string, object?> Disk { get; init; }

    public required long CollectionTime { get; init; }

    public List<string>? Errors { get; init; }
}
