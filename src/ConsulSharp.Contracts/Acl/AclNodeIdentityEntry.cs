namespace ConsulSharp.Contracts.Acl;

/// <summary>A node identity of a token or role (<c>{"NodeName": "n1", "Datacenter": "dc1"}</c>; both always written).</summary>
public sealed record AclNodeIdentityEntry
{
    public string NodeName { get; init; } = "";

    public string Datacenter { get; init; } = "";
}
