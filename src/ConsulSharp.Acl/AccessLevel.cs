namespace ConsulSharp.Acl;

/// <summary>A rule's access level (Consul's <c>acl.AccessLevel</c>). <see cref="Unknown"/> means "no rule".</summary>
public enum AccessLevel
{
    Unknown = 0,
    Deny = 1,
    Read = 2,
    List = 3,
    Write = 4,
}
