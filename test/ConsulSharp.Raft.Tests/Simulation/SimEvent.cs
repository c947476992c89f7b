using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Simulation;

internal enum SimEventKind
{
    Deliver,
    Tick,
    SyncDone,
}

internal sealed record SimEvent(SimEventKind Kind, int Node, RaftMessage? Message = null, int Epoch = 0);
