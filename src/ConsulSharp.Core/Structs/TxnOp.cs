namespace ConsulSharp.Core.Structs;

/// <summary>One operation of a transaction (Consul <c>structs.TxnOp</c>): exactly one of the subtypes.</summary>
public abstract record TxnOp;
