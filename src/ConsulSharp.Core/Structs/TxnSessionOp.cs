namespace ConsulSharp.Core.Structs;

/// <summary>A session operation: only delete (invalidate) exists, as in Consul.</summary>
public sealed record TxnSessionOp(string SessionId) : TxnOp;
