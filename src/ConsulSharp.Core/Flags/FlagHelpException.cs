namespace ConsulSharp.Core.Flags;

/// <summary>The user asked for help (<c>-h</c>, <c>-help</c>); the command prints its usage and exits.</summary>
public sealed class FlagHelpException : Exception
{
    public FlagHelpException()
        : base("help requested")
    {
    }

    public FlagHelpException(string message)
        : base(message)
    {
    }

    public FlagHelpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
