namespace ConsulSharp.Contracts.Acl;

/// <summary>A node identity of a token or role.</summary>
public sealed record AclNodeIdentityEntry
{
    public string NodeName { get; init; } = "";

    public string Datacenter { get; init; } = "";
}
