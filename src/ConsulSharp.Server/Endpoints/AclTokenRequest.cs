using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Endpoints;

/// <summary>A token create/update as the API takes it: links by ID or by Name (an empty ID means "by name").</summary>
public sealed record AclTokenRequest
{
    public string AccessorId { get; init; } = "";

    public string SecretId { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<AclLink> Policies { get; init; } = [];

    public IReadOnlyList<AclLink> Roles { get; init; } = [];

    public IReadOnlyList<AclServiceIdentity> ServiceIdentities { get; init; } = [];

    public IReadOnlyList<AclNodeIdentity> NodeIdentities { get; init; } = [];

    public bool Local { get; init; }

    /// <summary>Create only: the token expires this long after its creation (0: not set).</summary>
    public TimeSpan ExpirationTtl { get; init; }

    /// <summary>Create only (an update must repeat the stored value or leave it out).</summary>
    public DateTimeOffset? ExpirationTime { get; init; }
}
