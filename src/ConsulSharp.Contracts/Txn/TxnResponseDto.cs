namespace ConsulSharp.Contracts.Txn;

/// <summary><c>/v1/txn</c> answer on 200 and 409 alike.</summary>
public sealed record TxnResponseDto
{
    public List<TxnResultDto>? Results { get; init; }

    public List<TxnErrorDto>? Errors { get; init; }
}
