using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>One transaction operation in the log: exactly one of the payloads is set.</summary>
public sealed record TxnCommandOp
{
    public TxnKvVerb? KvVerb { get; init; }

    public KvEntry? Kv { get; init; }

    public TxnCatalogVerb? CatalogVerb { get; init; }

    public Node? Node { get; init; }

    public ServiceInstance? Service { get; init; }

    public HealthCheck? Check { get; init; }

    public string? SessionId { get; init; }

    public TxnOp ToOp() => this switch
    {
        { Kv: { } kv, KvVerb: { } v } => new TxnKvOp(v, kv),
        { Node: { } n, CatalogVerb: { } v } => new TxnNodeOp(v, n),
        { Service: { } s, CatalogVerb: { } v } => new TxnServiceOp(v, s),
        { Check: { } c, CatalogVerb: { } v } => new TxnCheckOp(v, c),
        { SessionId: { } id } => new TxnSessionOp(id),
        _ => throw new InvalidDataException("transaction operation with no payload"),
    };

    public static TxnCommandOp From(TxnOp op) => op switch
    {
        TxnKvOp k => new TxnCommandOp { KvVerb = k.Verb, Kv = k.Entry },
        TxnNodeOp n => new TxnCommandOp { CatalogVerb = n.Verb, Node = n.Node },
        TxnServiceOp s => new TxnCommandOp { CatalogVerb = s.Verb, Service = s.Service },
        TxnCheckOp c => new TxnCommandOp { CatalogVerb = c.Verb, Check = c.Check },
        TxnSessionOp s => new TxnCommandOp { SessionId = s.SessionId },
        _ => throw new ArgumentException("unknown transaction operation", nameof(op)),
    };
}
