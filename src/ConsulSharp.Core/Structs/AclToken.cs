namespace ConsulSharp.Core.Structs;

/// <summary>An ACL token (Consul <c>structs.ACLToken</c>). Policy and role links are stored by ID only (names are
/// resolved when read, so renaming a policy does not break tokens); links to deleted rows are dropped on read.</summary>
public sealed record AclToken
{
    public required string AccessorId { get; init; }

    public required string SecretId { get; init; }

    public string Description { get; init; } = "";

    public IReadOnlyList<string> Policies { get; init; } = [];

    public IReadOnlyList<string> Roles { get; init; } = [];

    public IReadOnlyList<AclServiceIdentity> ServiceIdentities { get; init; } = [];

    public IReadOnlyList<AclNodeIdentity> NodeIdentities { get; init; } = [];

    public bool Local { get; init; }

    public DateTimeOffset CreateTime { get; init; }

    /// <summary>When the token stops resolving (null: never). Expired tokens read as missing.</summary>
    public DateTimeOffset? ExpirationTime { get; init; }

    public bool IsExpired(DateTimeOffset now) => ExpirationTime is { } e && e < now;

    public byte[] Hash { get; init; } = [];

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
