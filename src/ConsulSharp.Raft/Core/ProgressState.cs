namespace ConsulSharp.Raft.Core;

internal enum ProgressState
{
    Probe = 0,
    Replicate = 1,
    Snapshot = 2,
}
