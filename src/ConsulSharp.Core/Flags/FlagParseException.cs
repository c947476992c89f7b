namespace ConsulSharp.Core.Flags;

/// <summary>A command line that does not parse; the message is Go's <c>flag</c> package text.</summary>
public sealed class FlagParseException : Exception
{
    public FlagParseException(string message)
        : base(message)
    {
    }

    public FlagParseException()
    {
    }

    public FlagParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
