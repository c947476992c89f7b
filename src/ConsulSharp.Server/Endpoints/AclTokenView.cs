using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Endpoints;

/// <summary>A token with its policy and role links resolved to (ID, current Name); links to deleted rows are dropped.</summary>
public sealed record AclTokenView(AclToken Token, IReadOnlyList<AclLink> Policies, IReadOnlyList<AclLink> Roles);
