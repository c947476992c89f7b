namespace ConsulSharp.Contracts.Txn;

/// <summary>One element of a <c>/v1/txn</c> body: exactly one of the four operation kinds.</summary>
public sealed record TxnOpDto
{
    public TxnKvOpDto? KV { get; init; }

    public TxnNodeOpDto? Node { get; init; }

    public TxnServiceOpDto? Service { get; init; }

    public TxnCheckOpDto? Check { get; init; }
}
