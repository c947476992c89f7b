namespace ConsulSharp.Raft.Core;

internal enum ProposeResult
{
    Ok = 0,
    NotLeader = 1,
    TransferInProgress = 2,
    ConfigurationChangePending = 3,
    NotCommittedInTerm = 4,
    Invalid = 5,
}
