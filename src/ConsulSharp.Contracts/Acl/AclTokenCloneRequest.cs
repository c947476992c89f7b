namespace ConsulSharp.Contracts.Acl;

/// <summary>The body of <c>PUT /v1/acl/token/:id/clone</c>.</summary>
public sealed record AclTokenCloneRequest
{
    public string Description { get; init; } = "";
}
