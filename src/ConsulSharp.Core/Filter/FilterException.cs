namespace ConsulSharp.Core.Filter;

/// <summary>
/// A filter expression that cannot be parsed or does not fit the schema. <see cref="Exception.Message"/> is Consul's
/// full text, <c>Failed to create boolean expression evaluator: &lt;reason&gt;</c>; <see cref="Reason"/> is bexpr's own
/// message (e.g. <c>Selector "Foo" is not valid</c>, or a parse error like
/// <c>1:4 (3): no match found, expected: ...</c>).
/// </summary>
public sealed class FilterException : Exception
{
    public const string MessagePrefix = "Failed to create boolean expression evaluator: ";

    public FilterException()
        : this(string.Empty, string.Empty)
    {
    }

    public FilterException(string message)
        : this(string.Empty, message)
    {
    }

    public FilterException(string message, Exception innerException)
        : base(MessagePrefix + message, innerException)
    {
        Reason = message;
        Expression = string.Empty;
    }

    public FilterException(string expression, string reason)
        : base(MessagePrefix + reason)
    {
        Expression = expression;
        Reason = reason;
    }

    /// <summary>The expression text as given.</summary>
    public string Expression { get; }

    /// <summary>bexpr's message, without Consul's prefix.</summary>
    public string Reason { get; }
}
