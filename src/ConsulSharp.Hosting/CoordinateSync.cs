using ConsulSharp.Agent;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Rpc;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Hosting;

/// <summary>
/// Sends this agent's LAN network coordinate (serf's Vivaldi estimate) to the servers, as Consul's agent does: every
/// <c>sync_coordinate_interval_min</c> (15 s), longer in big clusters (the LAN size over
/// <c>sync_coordinate_rate_target</c>, 64 updates/s), plus a random stagger of up to one interval. Feeds
/// <c>/v1/coordinate/nodes</c>, <c>?near=</c> sorting and <c>consul rtt</c>. Off with <c>disable_coordinates</c>.
/// </summary>
internal sealed partial class CoordinateSync(ConsulAgent agent, AgentGossip gossip, IServerRpc? servers, ILoggerFactory loggers, TimeProvider time) : IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("agent");
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    public void Start()
    {
        if (!agent.Config.DisableCoordinates && servers is not null)
        {
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Consul's <c>lib.RateScaledInterval</c>: the interval that keeps <paramref name="members"/> agents at
    /// <paramref name="rate"/> updates per second in total, never below <paramref name="min"/>.</summary>
    internal static TimeSpan ScaledInterval(double rate, TimeSpan min, int members)
    {
        var interval = TimeSpan.FromSeconds(members / rate);
        return interval > min ? interval : min;
    }

    public async ValueTask DisposeAsync()
    {
        // Called by the host's stop and again by the container.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var config = agent.Config;
            var interval = ScaledInterval(config.SyncCoordinateRateTarget, config.SyncCoordinateIntervalMin, Math.Max(1, gossip.LanMembers().Count));
            interval += TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * interval.Ticks));
            try
            {
                await Task.Delay(interval, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (gossip.Lan?.GetCoordinate() is not { IsValid: true } c)
            {
                continue;
            }

            var update = new Coordinate
            {
                Node = config.NodeName,
                Coord = new NetworkCoordinate([.. c.Vec], c.Error, c.Adjustment, c.Height),
            };
            try
            {
                await servers!.ApplyAsync(CommandCodec.CoordinateBatchUpdate(new CoordinateBatchCommand { Updates = [update] }), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ConsulException or Raft.RaftException or InvalidOperationException or Grpc.Core.RpcException or OperationCanceledException)
            {
                LogUpdateError(_log, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 180, Level = LogLevel.Warning, Message = "Coordinate update error: error=\"{Error}\"")]
    private static partial void LogUpdateError(ILogger logger, string error);
}
