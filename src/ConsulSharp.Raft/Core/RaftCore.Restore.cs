namespace ConsulSharp.Raft.Core;

internal sealed partial class RaftCore
{
    /// <summary>
    /// True when a leader may install a user snapshot now: every entry is committed and handed to the state machine,
    /// so the snapshot replaces exactly the state of the whole log and drops nothing uncommitted.
    /// </summary>
    public bool CanInstallUserSnapshot =>
        Role == RaftRole.Leader && TransferTarget is null && CommitIndex == _log.LastIndex && _appliedHanded == CommitIndex &&
        _stableIndex == _log.LastIndex && _pendingSnapshot is null;

    /// <summary>
    /// Installs an operator's snapshot on the leader (Consul's <c>PUT /v1/snapshot</c>; hashicorp/raft's user restore): the
    /// snapshot, already durable in the snapshot store, becomes entry <paramref name="index"/> (= last index + 1) of the
    /// current term. The log is reset after it and the state machine restored from it (through <see cref="Ready.Snapshot"/>);
    /// followers, whose next entry is now compacted, are sent the snapshot by the normal InstallSnapshot path. The caller
    /// then proposes an entry: once that commits, a quorum holds the restored state.
    /// </summary>
    public bool InstallUserSnapshot(ulong index, ulong term, string snapshotId)
    {
        if (!CanInstallUserSnapshot || index != _log.LastIndex + 1 || term != Term)
        {
            return false;
        }

        var config = LatestConfiguration;
        _log.ResetTo(index, term);
        _configs.Clear();
        _baseConfig = config;
        CommitIndex = index;
        _appliedHanded = index;
        _stableIndex = index;
        _unstableFrom = index + 1;
        _snapshotIndex = index;
        _pendingSnapshot = new SnapshotInstall(index, term, config, snapshotId);
        _replicateDirty = true;
        return true;
    }
}
