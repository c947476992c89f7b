namespace ConsulSharp.Raft.Transport;

/// <summary>Frame kinds of the TCP transport. On the wire: values are append-only.</summary>
internal enum FrameType : byte
{
    Hello = 1,
    Message = 2,
    SnapshotHeader = 3,
    SnapshotChunk = 4,
    SnapshotEnd = 5,
    SnapshotAck = 6,
}
