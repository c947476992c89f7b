namespace ConsulSharp.Contracts.Acl;

/// <summary>A policy or role link inside a token or role (<c>{"ID","Name"}</c>); either field may be given on writes.</summary>
public sealed record AclLinkEntry
{
    public string ID { get; init; } = "";

    public string Name { get; init; } = "";
}
