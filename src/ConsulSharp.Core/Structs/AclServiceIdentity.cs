namespace ConsulSharp.Core.Structs;

/// <summary>Consul's <c>ACLServiceIdentity</c>: grants what a service named <see cref="ServiceName"/> needs (write on it
/// and its sidecar proxy, read on every service and node), in <see cref="Datacenters"/> only when that is not empty.</summary>
public sealed record AclServiceIdentity(string ServiceName, IReadOnlyList<string> Datacenters);
