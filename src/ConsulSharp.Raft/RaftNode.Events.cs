using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft;

public sealed partial class RaftNode
{
    private abstract record NodeEvent;

    private sealed record TickEvent : NodeEvent;

    private sealed record MessageEvent(RaftMessage Message) : NodeEvent;

    private sealed record ProposeEvent(LogEntryType Type, ReadOnlyMemory<byte> Data, TaskCompletionSource<ApplyResult> Completion) : NodeEvent;

    private sealed record ReadEvent(TaskCompletionSource<ulong> Completion, bool WaitForApply) : NodeEvent;

    private sealed record ConfigChangeEvent(Func<RaftConfiguration, RaftConfiguration> Change, TaskCompletionSource<bool> Completion) : NodeEvent;

    private sealed record TransferEvent(string? Target, TaskCompletionSource<bool> Completion) : NodeEvent;

    private sealed record BootstrapEvent(RaftConfiguration Configuration, TaskCompletionSource<bool> Completion) : NodeEvent;

    private sealed record SnapshotTakenEvent(ulong Index, ulong Term) : NodeEvent;

    private sealed record SnapshotSendFailedEvent(string Peer) : NodeEvent;

    /// <summary>Work for the apply loop: committed entries, a snapshot to restore, or a snapshot request.</summary>
    private sealed record ApplyItem(IReadOnlyList<LogEntry>? Entries, Core.SnapshotInstall? Restore, TaskCompletionSource<ulong>? SnapshotRequest = null);
}
