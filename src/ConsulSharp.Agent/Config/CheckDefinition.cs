namespace ConsulSharp.Agent.Config;

/// <summary>
/// A health check as written in a config file (<c>check</c> / <c>checks</c>, top level or inside a service). Which
/// fields are set decides the check type (script, HTTP, TCP, UDP, gRPC, H2PING, Docker, OS service, alias or TTL).
/// IDs are not defaulted here: the agent derives them when it registers the check.
/// </summary>
public sealed record CheckDefinition
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Notes { get; init; }

    /// <summary>For top-level checks: the service the check belongs to (empty: a node check).</summary>
    public string? ServiceId { get; init; }

    public string? Token { get; init; }

    /// <summary>Initial status: <c>passing</c>, <c>warning</c> or <c>critical</c>.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public string? Http { get; init; }

    public string? Method { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Header { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string? Body { get; init; }

    public bool DisableRedirects { get; init; }

    public string? Tcp { get; init; }

    public bool TcpUseTls { get; init; }

    public string? Udp { get; init; }

    public string? Grpc { get; init; }

    public bool GrpcUseTls { get; init; }

    public string? H2Ping { get; init; }

    /// <summary>Defaults to true when <see cref="H2Ping"/> is set.</summary>
    public bool H2PingUseTls { get; init; } = true;

    public string? DockerContainerId { get; init; }

    public string? Shell { get; init; }

    public string? OsService { get; init; }

    public string? AliasNode { get; init; }

    public string? AliasService { get; init; }

    public TimeSpan? Ttl { get; init; }

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public string? TlsServerName { get; init; }

    public bool TlsSkipVerify { get; init; }

    public int SuccessBeforePassing { get; init; }

    /// <summary>Defaults to <see cref="FailuresBeforeCritical"/> when unset.</summary>
    public int? FailuresBeforeWarning { get; init; }

    public int FailuresBeforeCritical { get; init; }

    public TimeSpan? DeregisterCriticalServiceAfter { get; init; }

    /// <summary>0 means the agent's <c>check_output_max_size</c>.</summary>
    public int OutputMaxSize { get; init; }

    public bool IsAlias => !string.IsNullOrEmpty(AliasService) || !string.IsNullOrEmpty(AliasNode);

    /// <summary>Consul's check validation, in Consul's order; null when valid. Messages are Consul's texts.</summary>
    public string? Validate()
    {
        var interval = Interval ?? TimeSpan.Zero;
        var ttl = Ttl ?? TimeSpan.Zero;
        var intervalType = Args.Count > 0 || !string.IsNullOrEmpty(Http) || !string.IsNullOrEmpty(Tcp)
            || !string.IsNullOrEmpty(Udp) || !string.IsNullOrEmpty(Grpc) || !string.IsNullOrEmpty(H2Ping)
            || !string.IsNullOrEmpty(OsService) || !string.IsNullOrEmpty(DockerContainerId);
        if (interval > TimeSpan.Zero && ttl > TimeSpan.Zero)
        {
            return "Interval and TTL cannot both be specified";
        }

        if (intervalType && interval <= TimeSpan.Zero)
        {
            return "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";
        }

        if (IsAlias && interval > TimeSpan.Zero)
        {
            return "Interval cannot be set for Alias checks";
        }

        if (IsAlias && ttl > TimeSpan.Zero)
        {
            return "TTL must be not be set for Alias checks";
        }

        if (!intervalType && !IsAlias && ttl <= TimeSpan.Zero)
        {
            return "TTL must be > 0 for TTL checks";
        }

        if (OutputMaxSize < 0)
        {
            return "MaxOutputMaxSize must be positive";
        }

        if ((FailuresBeforeWarning ?? FailuresBeforeCritical) > FailuresBeforeCritical)
        {
            return "FailuresBeforeWarning can't be higher than FailuresBeforeCritical";
        }

        return null;
    }
}
