using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Raft;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server;

public sealed partial class ConsulServer
{
    /// <summary>
    /// Takes a Raft snapshot now and opens it (Consul's snapshot save). Default consistency needs the leader; with
    /// <c>?stale</c> any server answers from its own state. The snapshot's index is the response's <c>X-Consul-Index</c>.
    /// </summary>
    public async Task<ServerSnapshot> OpenSnapshotAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        await EnsureReadableAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var (metadata, data) = await Raft.OpenSnapshotAsync(cancellationToken).ConfigureAwait(false);
            return new ServerSnapshot(metadata, data, Meta(options, metadata.Index));
        }
        catch (RaftException ex)
        {
            throw ConsulException.Internal($"Raft error when taking snapshot: {ex.Message}");
        }
    }

    /// <summary>
    /// Replaces the state of every server with <paramref name="state"/> (a <c>state.bin</c> whose archive checksums were
    /// already verified; must be seekable). The state is parsed and checked first without building it, so a damaged
    /// snapshot changes nothing; then it is restored through Raft (<see cref="RaftNode.RestoreAsync"/>: the leader
    /// installs it and followers receive it as an InstallSnapshot), and the leader's duties restart on the new state,
    /// as Consul re-establishes leadership after a restore.
    /// </summary>
    public async Task<ulong> RestoreSnapshotAsync(Stream state, CancellationToken cancellationToken)
    {
        var start = state.Position;
        SnapshotStats stats;
        try
        {
            stats = StateStore.InspectSnapshot(state);
        }
        catch (InvalidDataException ex)
        {
            throw ConsulException.Internal($"failed to read snapshot file: {ex.Message}");
        }

        state.Position = start;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        wait.CancelAfter(TimeSpan.FromMinutes(10));
        ulong index;
        try
        {
            index = await Raft.RestoreAsync(state, wait.Token).ConfigureAwait(false);
        }
        catch (NotLeaderException) when (!Raft.Status.KnownLeader)
        {
            throw ConsulException.NoLeader();
        }
        catch (NotLeaderException)
        {
            // Forwarding to the leader needs server RPC (issue 8).
            throw ConsulException.Internal($"rpc error: not the leader; leader is {Raft.Status.LeaderAddress}");
        }
        catch (RaftException ex)
        {
            throw ConsulException.Internal($"Raft error when restoring snapshot: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConsulException.Internal("Raft error when restoring snapshot: timed out");
        }

        LogSnapshotRestored(_log, index, stats.LastIndex);
        if (IsLeader)
        {
            await _leader.StopAsync().ConfigureAwait(false);
            if (IsLeader)
            {
                _leader.Start();
            }
        }

        return index;
    }

    /// <summary>
    /// Applies Consul's read rules to an operator read that does not query the state store (autopilot health): default
    /// and consistent reads need the leader, stale ones do not.
    /// </summary>
    public Task CheckReadableAsync(QueryOptions options, CancellationToken cancellationToken) => EnsureReadableAsync(options, cancellationToken);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "restored snapshot: raft_index={Index} state_index={StateIndex}")]
    private static partial void LogSnapshotRestored(ILogger logger, ulong index, ulong stateIndex);
}
