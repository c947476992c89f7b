namespace ConsulSharp.Core.Structs;

/// <summary>A failed operation of a transaction, with Consul's error text.</summary>
public sealed record TxnError(int OpIndex, string What);
