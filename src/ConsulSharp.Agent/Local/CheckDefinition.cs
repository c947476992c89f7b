namespace ConsulSharp.Agent.Local;

/// <summary>
/// A check as registered with the agent (Consul <c>structs.CheckType</c> plus the <c>CheckDefinition</c> fields
/// <c>ID</c>, <c>ServiceID</c> and <c>Token</c>). Built by <see cref="DefinitionDecoder"/> from API bodies and, after
/// the config loader maps them, from config files. Durations are already parsed; zero means "not set".
/// </summary>
public sealed record CheckDefinition
{
    public string CheckId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Status { get; init; } = "";

    public string Notes { get; init; } = "";

    public string ServiceId { get; init; } = "";

    public string Token { get; init; } = "";

    public IReadOnlyList<string> ScriptArgs { get; init; } = [];

    public string Http { get; init; } = "";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Header { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string Method { get; init; } = "";

    public string Body { get; init; } = "";

    public bool DisableRedirects { get; init; }

    public string Tcp { get; init; } = "";

    public bool TcpUseTls { get; init; }

    public string Udp { get; init; } = "";

    public string H2Ping { get; init; } = "";

    /// <summary>Null means "not given": Consul defaults it to true when <see cref="H2Ping"/> is set.</summary>
    public bool? H2PingUseTls { get; init; }

    public string Grpc { get; init; } = "";

    public bool GrpcUseTls { get; init; }

    public string OsService { get; init; } = "";

    public string TlsServerName { get; init; } = "";

    public bool TlsSkipVerify { get; init; }

    public string DockerContainerId { get; init; } = "";

    public string Shell { get; init; } = "";

    public string AliasNode { get; init; } = "";

    public string AliasService { get; init; } = "";

    public TimeSpan Interval { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan Ttl { get; init; }

    public TimeSpan DeregisterCriticalServiceAfter { get; init; }

    public int SuccessBeforePassing { get; init; }

    public int FailuresBeforeWarning { get; init; }

    public int FailuresBeforeCritical { get; init; }

    public int OutputMaxSize { get; init; }

    /// <summary>Consul's <c>CheckType.Type()</c>: the first kind whose fields are set, in Consul's order.</summary>
    public string Type =>
        Grpc.Length > 0 && Interval > TimeSpan.Zero ? "grpc"
        : Http.Length > 0 && Interval > TimeSpan.Zero ? "http"
        : Ttl > TimeSpan.Zero ? "ttl"
        : Tcp.Length > 0 && Interval > TimeSpan.Zero ? "tcp"
        : Udp.Length > 0 && Interval > TimeSpan.Zero ? "udp"
        : AliasNode.Length > 0 || AliasService.Length > 0 ? "alias"
        : DockerContainerId.Length > 0 && ScriptArgs.Count > 0 && Interval > TimeSpan.Zero ? "docker"
        : ScriptArgs.Count > 0 && Interval > TimeSpan.Zero ? "script"
        : H2Ping.Length > 0 && Interval > TimeSpan.Zero ? "h2ping"
        : OsService.Length > 0 && Interval > TimeSpan.Zero ? "os_service"
        : "";

    /// <summary>Consul's <c>CheckType.Validate()</c>; the message is wrapped in <c>Invalid check: </c> by callers.</summary>
    public string? Validate()
    {
        var intervalCheck = ScriptArgs.Count > 0 || Http.Length > 0 || Tcp.Length > 0 || Udp.Length > 0 || Grpc.Length > 0
            || H2Ping.Length > 0 || OsService.Length > 0;
        if (Interval > TimeSpan.Zero && Ttl > TimeSpan.Zero)
        {
            return "Interval and TTL cannot both be specified";
        }

        if (intervalCheck && Interval <= TimeSpan.Zero)
        {
            return "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";
        }

        if (AliasNode.Length > 0 || AliasService.Length > 0)
        {
            if (Interval > TimeSpan.Zero)
            {
                return "Interval cannot be set for Alias checks";
            }

            if (Ttl > TimeSpan.Zero)
            {
                return "TTL must be not be set for Alias checks";
            }
        }

        if (!intervalCheck && AliasNode.Length == 0 && AliasService.Length == 0 && Ttl <= TimeSpan.Zero)
        {
            return "TTL must be > 0 for TTL checks";
        }

        if (OutputMaxSize < 0)
        {
            return "MaxOutputMaxSize must be positive";
        }

        if (FailuresBeforeWarning > FailuresBeforeCritical)
        {
            return "FailuresBeforeWarning can't be higher than FailuresBeforeCritical";
        }

        return null;
    }
}
