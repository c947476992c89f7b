namespace ConsulSharp.Contracts.Operator;

public sealed record TransferLeaderResponse(bool Success);
