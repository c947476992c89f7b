namespace ConsulSharp.Contracts.Acl;

/// <summary>A node identity of a token or role (<c>{"NodeName": "n1", "Datacenter": "dc1"}</c>).</summary>
public sealed record AclNodeIdentityDto
{
    public string? NodeName { get; init; }

    public string? Datacenter { get; init; }
}
