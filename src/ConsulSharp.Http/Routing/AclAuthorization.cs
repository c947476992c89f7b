using ConsulSharp.Acl;
using ConsulSharp.Core.Errors;

namespace ConsulSharp.Http.Routing;

/// <summary>The ACL identity of one request: what its token may do, and who it is for Consul's denial texts.</summary>
public sealed record AclAuthorization(IAuthorizer Authorizer, string? AccessorId, bool IsAnonymous)
{
    /// <summary>ACLs disabled: everything allowed, one shared instance (no allocation per request).</summary>
    public static AclAuthorization Disabled { get; } = new(Authorizers.AllowAll, null, false);

    /// <summary>Consul's <c>PermissionDeniedError</c> (403), e.g. <c>Permission denied: token with AccessorID '&lt;id&gt;'
    /// lacks permission 'key:write' on "foo"</c>. <paramref name="permission"/> is <c>resource:level</c>;
    /// <paramref name="resource"/> is null for resources without names (operator, keyring, acl, mesh).</summary>
    public ConsulException Denied(string permission, string? resource) =>
        new(ConsulErrorKind.PermissionDenied, DeniedText(AccessorId, IsAnonymous, permission, resource));

    public static string DeniedText(string? accessorId, bool isAnonymous, string permission, string? resource)
    {
        var who = isAnonymous ? "anonymous token" : $"token with AccessorID '{accessorId}'";
        var on = string.IsNullOrEmpty(resource) ? "" : $" on \"{resource}\"";
        var tail = isAnonymous ? ". The anonymous token is used implicitly when a request does not specify a token." : "";
        return $"{Errors.PermissionDenied}: {who} lacks permission '{permission}'{on}{tail}";
    }
}
