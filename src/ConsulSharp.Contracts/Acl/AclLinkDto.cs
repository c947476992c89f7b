namespace ConsulSharp.Contracts.Acl;

/// <summary>A policy or role link (<c>{"ID": "...", "Name": "..."}</c>); on input either field may be empty.</summary>
public sealed record AclLinkDto
{
    public string? ID { get; init; }

    public string? Name { get; init; }
}
