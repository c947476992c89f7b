namespace ConsulSharp.Agent.Config;

/// <summary>The <c>acl</c> block (accepted and carried; deprecated top-level <c>acl_*</c> keys are folded in).</summary>
public sealed record AclConfig
{
    public bool Enabled { get; init; }

    public string DefaultPolicy { get; init; } = "allow";

    public string DownPolicy { get; init; } = "extend-cache";

    public TimeSpan PolicyTtl { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RoleTtl { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan TokenTtl { get; init; } = TimeSpan.FromSeconds(30);

    public bool EnableKeyListPolicy { get; init; }

    public bool EnableTokenPersistence { get; init; }

    public bool EnableTokenReplication { get; init; }

    public AclTokens Tokens { get; init; } = new();
}
