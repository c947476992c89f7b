namespace ConsulSharp.Core.Structs;

/// <summary>KV verbs of a transaction. Persisted in raft commands: values are append-only.</summary>
public enum TxnKvVerb
{
    Set = 1,
    Delete = 2,
    DeleteCas = 3,
    DeleteTree = 4,
    Cas = 5,
    Lock = 6,
    Unlock = 7,
    Get = 8,
    GetTree = 9,
    CheckSession = 10,
    CheckIndex = 11,
    CheckNotExists = 12,
    GetOrEmpty = 13,
}
