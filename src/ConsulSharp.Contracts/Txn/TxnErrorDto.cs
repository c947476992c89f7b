namespace ConsulSharp.Contracts.Txn;

public sealed record TxnErrorDto(int OpIndex, string What);
