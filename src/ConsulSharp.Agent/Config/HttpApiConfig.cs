namespace ConsulSharp.Agent.Config;

/// <summary>The <c>http_config</c> block.</summary>
public sealed record HttpApiConfig
{
    /// <summary>Path prefixes answered with 403.</summary>
    public IReadOnlyList<string> BlockEndpoints { get; init; } = [];

    /// <summary>CIDRs allowed to make non-GET requests (empty: everyone).</summary>
    public IReadOnlyList<string> AllowWriteHttpFrom { get; init; } = [];

    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = new Dictionary<string, string>();

    public bool UseCache { get; init; } = true;

    /// <summary>0 means the server's default.</summary>
    public int MaxHeaderBytes { get; init; }
}
