namespace ConsulSharp.Server.Fsm;

/// <summary>An atomic transaction (<see cref="MessageType.Txn"/>): its operations in order.</summary>
public sealed record TxnCommand(IReadOnlyList<TxnCommandOp> Ops);
