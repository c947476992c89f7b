using Microsoft.Extensions.Logging;

namespace ConsulSharp.Raft;

/// <summary>Raft log messages; event ids 1000-1099 are this assembly's (see docs/subsystems/raft.md).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "raft {Node}: role {Role} term {Term} leader {Leader}")]
    public static partial void RoleChanged(ILogger logger, string node, RaftRole role, ulong term, string? leader);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "raft {Node}: started at term {Term}, log {FirstIndex}..{LastIndex}, snapshot {SnapshotIndex}")]
    public static partial void Started(ILogger logger, string node, ulong term, ulong firstIndex, ulong lastIndex, ulong snapshotIndex);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "raft {Node}: snapshot {SnapshotId} taken at index {Index}")]
    public static partial void SnapshotTaken(ILogger logger, string node, string snapshotId, ulong index);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "raft {Node}: taking a snapshot failed")]
    public static partial void SnapshotFailed(ILogger logger, string node, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "raft {Node}: installed snapshot {SnapshotId} at index {Index} from the leader")]
    public static partial void SnapshotInstalled(ILogger logger, string node, string? snapshotId, ulong index);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "raft {Node}: sending a snapshot to {Peer} failed")]
    public static partial void SnapshotSendFailed(ILogger logger, string node, string peer, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "raft {Node}: recovery cut a torn log tail in {File} at offset {Offset}")]
    public static partial void TornTail(ILogger logger, string node, string file, long offset);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Critical, Message = "raft {Node}: fatal error, node stopped")]
    public static partial void Fatal(ILogger logger, string node, Exception exception);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "raft transport: connection to {Address} failed")]
    public static partial void ConnectFailed(ILogger logger, string address, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "raft transport: inbound connection ended")]
    public static partial void InboundEnded(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "raft {Node}: log does not continue from snapshot {Index}; log reset")]
    public static partial void LogReset(ILogger logger, string node, ulong index);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "raft {Node}: restored user snapshot {Id} as index {Index}")]
    public static partial void UserSnapshotRestored(ILogger logger, string node, string id, ulong index);
}
