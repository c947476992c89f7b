using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Endpoints;

/// <summary>A role with its policy links resolved to (ID, current Name); links to deleted policies are dropped.</summary>
public sealed record AclRoleView(AclRole Role, IReadOnlyList<AclLink> Policies);
