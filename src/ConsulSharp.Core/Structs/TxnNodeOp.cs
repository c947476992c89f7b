namespace ConsulSharp.Core.Structs;

/// <summary>A node operation; Node.ModifyIndex is the CAS index.</summary>
public sealed record TxnNodeOp(TxnCatalogVerb Verb, Node Node) : TxnOp;
