namespace ConsulSharp.Core.Structs;

/// <summary>Node, service and check verbs of a transaction. Persisted in raft commands: values are append-only.</summary>
public enum TxnCatalogVerb
{
    Get = 1,
    Set = 2,
    Cas = 3,
    Delete = 4,
    DeleteCas = 5,
}
