namespace ConsulSharp.Acl;

/// <summary>Rules text Consul would refuse; the message is Consul's (<c>Failed to parse ACL rules: ...</c>,
/// <c>Invalid key policy: &amp;acl.KeyRule{...}</c>).</summary>
public sealed class AclRulesException : Exception
{
    public AclRulesException()
        : base("Failed to parse ACL rules")
    {
    }

    public AclRulesException(string message)
        : base(message)
    {
    }

    public AclRulesException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
