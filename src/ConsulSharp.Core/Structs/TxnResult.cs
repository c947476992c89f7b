namespace ConsulSharp.Core.Structs;

/// <summary>One result row of a transaction: exactly one field is set.</summary>
public sealed record TxnResult
{
    public KvEntry? Kv { get; init; }

    public Node? Node { get; init; }

    public ServiceInstance? Service { get; init; }

    public HealthCheck? Check { get; init; }
}
