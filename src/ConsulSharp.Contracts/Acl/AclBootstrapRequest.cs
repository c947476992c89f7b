namespace ConsulSharp.Contracts.Acl;

/// <summary>The optional body of <c>PUT /v1/acl/bootstrap</c>.</summary>
public sealed record AclBootstrapRequest
{
    public string? BootstrapSecret { get; init; }
}
