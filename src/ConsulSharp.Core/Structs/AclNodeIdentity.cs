namespace ConsulSharp.Core.Structs;

/// <summary>Consul's <c>ACLNodeIdentity</c>: grants what the agent of node <see cref="NodeName"/> needs (write on the
/// node, read on every service), in <see cref="Datacenter"/> only.</summary>
public sealed record AclNodeIdentity(string NodeName, string Datacenter);
