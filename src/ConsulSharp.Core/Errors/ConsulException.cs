namespace ConsulSharp.Core.Errors;

/// <summary>An expected failure with the text Consul would answer. Not for bugs.</summary>
public sealed class ConsulException : Exception
{
    public ConsulException(ConsulErrorKind kind, string message)
        : base(message) => Kind = kind;

    public ConsulException()
        : this(ConsulErrorKind.Internal, "internal error")
    {
    }

    public ConsulException(string message)
        : this(ConsulErrorKind.Internal, message)
    {
    }

    public ConsulException(string message, Exception innerException)
        : base(message, innerException) => Kind = ConsulErrorKind.Internal;

    public ConsulErrorKind Kind { get; }

    public static ConsulException BadRequest(string message) => new(ConsulErrorKind.BadRequest, message);

    public static ConsulException NotFound(string message) => new(ConsulErrorKind.NotFound, message);

    public static ConsulException TooLarge(string message) => new(ConsulErrorKind.TooLarge, message);

    public static ConsulException NoLeader() => new(ConsulErrorKind.NoLeader, Errors.NoClusterLeader);

    public static ConsulException Internal(string message) => new(ConsulErrorKind.Internal, message);
}
