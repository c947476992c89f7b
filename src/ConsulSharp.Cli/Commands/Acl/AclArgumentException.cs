namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>A bad argument or an unresolvable ID prefix/name; the message is what the command prints.</summary>
public sealed class AclArgumentException : Exception
{
    public AclArgumentException()
    {
    }

    public AclArgumentException(string message)
        : base(message)
    {
    }

    public AclArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
