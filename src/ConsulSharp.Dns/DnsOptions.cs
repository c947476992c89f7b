using System.Net;

namespace ConsulSharp.Dns;

/// <summary>
/// Everything the DNS server reads from the agent's configuration (Consul <c>domain</c>, <c>alt_domain</c>,
/// <c>recursors</c> and the <c>dns_config</c> block). Hosting maps it from the runtime config.
/// </summary>
public sealed record DnsOptions
{
    /// <summary>The agent's datacenter; names without a datacenter suffix are looked up here.</summary>
    public string Datacenter { get; init; } = "dc1";

    /// <summary>The node name of the agent (for logs and, later, <c>near=_agent</c>).</summary>
    public string NodeName { get; init; } = "";

    public string Domain { get; init; } = "consul.";

    public string? AltDomain { get; init; }

    /// <summary>Upstream servers for names outside the domain; empty means those names are REFUSED.</summary>
    public IReadOnlyList<IPEndPoint> Recursors { get; init; } = [];

    /// <summary>Try recursors in a shuffled order instead of the configured one (<c>recursor_strategy = "random"</c>).</summary>
    public bool RecursorRandom { get; init; }

    public TimeSpan RecursorTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan NodeTtl { get; init; } = TimeSpan.Zero;

    /// <summary>Per-service TTLs; a key ending in <c>*</c> is a prefix, <c>"*"</c> matches every service.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ServiceTtl { get; init; } = new Dictionary<string, TimeSpan>();

    public int UdpAnswerLimit { get; init; } = 3;

    public int ARecordLimit { get; init; }

    public bool EnableTruncate { get; init; }

    public bool OnlyPassing { get; init; }

    public bool DisableCompression { get; init; }

    public bool EnableAdditionalNodeMetaTxt { get; init; } = true;

    public uint SoaRefresh { get; init; } = 3600;

    public uint SoaRetry { get; init; } = 600;

    public uint SoaExpire { get; init; } = 86400;

    public uint SoaMinTtl { get; init; }

    /// <summary>Reads sent to a server (client agents, other datacenters) may be answered by any server, not only the
    /// leader (<c>dns_config.allow_stale</c>, on by default as in Consul).</summary>
    public bool AllowStale { get; init; } = true;

    /// <summary>How long a client agent reuses what a server answered for one name (1 s by default; with
    /// <c>dns_config.use_cache</c> the <c>cache_max_age</c>).</summary>
    public TimeSpan RemoteCacheTtl { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Parses a <c>recursors</c> entry: <c>ip</c> or <c>ip:port</c> (port 53 when missing).</summary>
    public static IPEndPoint ParseRecursor(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IPAddress.TryParse(value, out var ip))
        {
            return new IPEndPoint(ip, 53);
        }

        if (IPEndPoint.TryParse(value, out var ep))
        {
            return ep;
        }

        throw new FormatException($"Invalid recursor address: {value}");
    }
}
