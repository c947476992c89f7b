namespace ConsulSharp.Agent.Config;

/// <summary>The <c>dns_config</c> block (defaults are Consul's).</summary>
public sealed record DnsConfig
{
    public bool AllowStale { get; init; } = true;

    public TimeSpan MaxStale { get; init; } = TimeSpan.FromHours(87600);

    public TimeSpan NodeTtl { get; init; }

    /// <summary>Service name → TTL. A key ending in <c>*</c> is a prefix; <c>"*"</c> matches every service. Use <see cref="GetServiceTtl"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ServiceTtl { get; init; } = new Dictionary<string, TimeSpan>();

    public bool OnlyPassing { get; init; }

    public bool EnableTruncate { get; init; }

    public int UdpAnswerLimit { get; init; } = 3;

    /// <summary>0 means no limit.</summary>
    public int ARecordLimit { get; init; }

    public bool DisableCompression { get; init; }

    /// <summary><c>sequential</c> or <c>random</c>.</summary>
    public string RecursorStrategy { get; init; } = "sequential";

    public TimeSpan RecursorTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public bool EnableAdditionalNodeMetaTxt { get; init; } = true;

    public SoaConfig Soa { get; init; } = new();

    public bool UseCache { get; init; }

    public TimeSpan CacheMaxAge { get; init; }

    /// <summary>The TTL for a service: an exact name wins, else the longest matching <c>prefix*</c>; null when none matches (TTL 0).</summary>
    public TimeSpan? GetServiceTtl(string serviceName)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        if (ServiceTtl.TryGetValue(serviceName, out var exact))
        {
            return exact;
        }

        TimeSpan? best = null;
        var bestLength = -1;
        foreach (var (key, ttl) in ServiceTtl)
        {
            if (key.EndsWith('*'))
            {
                var prefix = key[..^1];
                if (serviceName.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > bestLength)
                {
                    best = ttl;
                    bestLength = prefix.Length;
                }
            }
        }

        return best;
    }
}
