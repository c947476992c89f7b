namespace ConsulSharp.Core.Structs;

/// <summary>A link from a token or role to a policy or role (Consul's <c>ACLTokenPolicyLink</c>): by ID or by Name on
/// input, both filled on output.</summary>
public sealed record AclLink(string Id, string Name);
