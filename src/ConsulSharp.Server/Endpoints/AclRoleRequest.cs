using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Endpoints;

/// <summary>A role create/update as the API takes it: policy links by ID or by Name.</summary>
public sealed record AclRoleRequest
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<AclLink> Policies { get; init; } = [];

    public IReadOnlyList<AclServiceIdentity> ServiceIdentities { get; init; } = [];

    public IReadOnlyList<AclNodeIdentity> NodeIdentities { get; init; } = [];
}
