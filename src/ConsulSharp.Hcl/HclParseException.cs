namespace ConsulSharp.Hcl;

/// <summary>A document that does not parse. <see cref="Exception.Message"/> reads <c>At LINE:COL: reason</c>, as HCL1 reports it.</summary>
public sealed class HclParseException : Exception
{
    public HclParseException(int line, int column, string reason)
        : base($"At {line}:{column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    public HclParseException()
        : this(0, 0, "parse error")
    {
    }

    public HclParseException(string message)
        : this(0, 0, message)
    {
    }

    public HclParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
