namespace ConsulSharp.Core.Structs;

/// <summary>How a check is run (Consul <c>structs.HealthCheckDefinition</c>); durations are Go duration strings.</summary>
public sealed record HealthCheckDefinition
{
    public static readonly HealthCheckDefinition Empty = new();

    public string Http { get; init; } = "";

    public string TlsServerName { get; init; } = "";

    public bool TlsSkipVerify { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Header { get; init; } =
        System.Collections.Frozen.FrozenDictionary<string, IReadOnlyList<string>>.Empty;

    public string Method { get; init; } = "";

    public string Body { get; init; } = "";

    public string Tcp { get; init; } = "";

    public string Grpc { get; init; } = "";

    public bool GrpcUseTls { get; init; }

    public string Interval { get; init; } = "";

    public string Timeout { get; init; } = "";

    public string DeregisterCriticalServiceAfter { get; init; } = "";

    public bool IsSame(HealthCheckDefinition other) =>
        Http == other.Http && TlsServerName == other.TlsServerName && TlsSkipVerify == other.TlsSkipVerify
        && StructEquality.Same(Header, other.Header) && Method == other.Method && Body == other.Body && Tcp == other.Tcp
        && Grpc == other.Grpc && GrpcUseTls == other.GrpcUseTls && Interval == other.Interval && Timeout == other.Timeout
        && DeregisterCriticalServiceAfter == other.DeregisterCriticalServiceAfter;
}
