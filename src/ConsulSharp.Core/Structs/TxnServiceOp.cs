namespace ConsulSharp.Core.Structs;

/// <summary>A service operation on Service.Node; Service.ModifyIndex is the CAS index.</summary>
public sealed record TxnServiceOp(TxnCatalogVerb Verb, ServiceInstance Service) : TxnOp;
