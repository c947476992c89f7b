namespace ConsulSharp.Core.Structs;

/// <summary>A KV operation; Entry.ModifyIndex is the CAS index, Entry.Session the lock session.</summary>
public sealed record TxnKvOp(TxnKvVerb Verb, KvEntry Entry) : TxnOp;
