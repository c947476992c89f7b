namespace ConsulSharp.Acl;

/// <summary>The fixed authorizers: everything allowed (ACLs disabled, management) or everything denied.</summary>
public static class Authorizers
{
    public static IAuthorizer AllowAll { get; } = new StaticAuthorizer(true);

    public static IAuthorizer DenyAll { get; } = new StaticAuthorizer(false);
}
