namespace ConsulSharp.Core.Structs;

/// <summary>A check operation; Check.ModifyIndex is the CAS index.</summary>
public sealed record TxnCheckOp(TxnCatalogVerb Verb, HealthCheck Check) : TxnOp;
