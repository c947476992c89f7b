using System.Globalization;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Raft;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;

namespace ConsulSharp.Server.Autopilot;

/// <summary>
/// Consul's operator autopilot API on the server: the replicated configuration (<see cref="MessageType.Autopilot"/>)
/// and server health computed on the leader from Raft's per-follower progress and the gossip pool, with Consul's rules
/// (alive in gossip, last contact under the threshold, current term, within MaxTrailingLogs of the leader).
/// </summary>
public sealed class AutopilotService(ConsulServer server, IClusterMembership membership)
{
    private static readonly string VersionText = FormatVersion(typeof(AutopilotService).Assembly.GetName().Version);
    private readonly Dictionary<string, (bool Healthy, DateTimeOffset Since)> _stable = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The stored configuration, or Consul's defaults when none was ever written.</summary>
    public async Task<QueryResponse<AutopilotConfig>> GetConfigAsync(QueryOptions options, CancellationToken cancellationToken)
    {
        var r = await server.QueryAsync(options, static (snap, ws) => snap.AutopilotConfig(ws), cancellationToken).ConfigureAwait(false);
        return new QueryResponse<AutopilotConfig>(r.Meta, r.Value ?? server.Options.Autopilot);
    }

    /// <summary>Writes the configuration through Raft; with <paramref name="casIndex"/>, only if the stored ModifyIndex matches.</summary>
    public async Task<bool> SetConfigAsync(AutopilotConfig config, ulong? casIndex, CancellationToken cancellationToken)
    {
        var command = new AutopilotCommand
        {
            Config = casIndex is { } cas ? config with { ModifyIndex = cas } : config,
            Cas = casIndex is not null,
        };
        var response = await server.ApplyAsync(CommandCodec.Autopilot(command), cancellationToken).ConfigureAwait(false);
        return casIndex is null || response is true;
    }

    /// <summary>Server health from the leader (other servers answer Consul's errors: reads of it always go to the leader).</summary>
    public async Task<AutopilotHealthInfo> HealthAsync(CancellationToken cancellationToken)
    {
        await server.CheckReadableAsync(new QueryOptions(), cancellationToken).ConfigureAwait(false);
        var status = server.Status;
        if (status.Role != RaftRole.Leader)
        {
            throw ConsulException.NoLeader();
        }

        var config = server.State.Current.AutopilotConfig().Value ?? server.Options.Autopilot;
        var now = server.Time.GetUtcNow();
        var members = membership.LanMembers();
        var peers = status.Peers.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var servers = new List<ServerHealthInfo>();
        foreach (var s in status.Configuration.Servers)
        {
            var self = s.Id == status.Id;
            var member = members.FirstOrDefault(m => string.Equals(m.NodeId, s.Id, StringComparison.OrdinalIgnoreCase));
            TimeSpan? lastContact;
            ulong lastIndex;
            ulong lastTerm;
            if (self)
            {
                lastContact = TimeSpan.Zero;
                lastIndex = status.LastLogIndex;
                lastTerm = status.LastLogTerm;
            }
            else if (peers.TryGetValue(s.Id, out var peer))
            {
                lastContact = peer.LastContact;
                lastIndex = peer.MatchIndex;

                // The leader does not track a follower's last log term; a follower that answered in this term has it.
                lastTerm = peer.LastContact is null ? 0 : status.Term;
            }
            else
            {
                lastContact = null;
                lastIndex = 0;
                lastTerm = 0;
            }

            var serfStatus = self ? "alive" : member is null ? "none" : member.Status.ToString().ToLowerInvariant();
            var healthy = serfStatus == "alive" &&
                lastContact is { } lc && lc <= config.LastContactThreshold &&
                lastTerm == status.Term &&
                lastIndex + config.MaxTrailingLogs >= status.LastLogIndex;
            servers.Add(new ServerHealthInfo
            {
                Id = s.Id,
                Name = self ? server.Options.NodeName : member?.Name ?? "",
                Address = s.Address,
                SerfStatus = serfStatus,
                Version = self ? VersionText : member?.Tag("build")?.Split(':')[0] ?? "",
                Leader = s.Id == status.LeaderId,
                Voter = s.IsVoter,
                LastContact = lastContact,
                LastTerm = lastTerm,
                LastIndex = lastIndex,
                Healthy = healthy,
                StableSince = Stable(s.Id, healthy, now),
            });
        }

        lock (_lock)
        {
            foreach (var gone in _stable.Keys.Where(id => servers.All(s => s.Id != id)).ToList())
            {
                _stable.Remove(gone);
            }
        }

        var voters = servers.Count(s => s.Voter);
        var healthyVoters = servers.Count(s => s.Voter && s.Healthy);
        var quorum = (voters / 2) + 1;
        return new AutopilotHealthInfo(
            servers.All(s => s.Healthy),
            Math.Max(0, healthyVoters - quorum),
            Math.Max(0, voters - quorum),
            status.LeaderId ?? "",
            servers);
    }

    private DateTimeOffset Stable(string id, bool healthy, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_stable.TryGetValue(id, out var s) && s.Healthy == healthy)
            {
                return s.Since;
            }

            _stable[id] = (healthy, now);
            return now;
        }
    }

    private static string FormatVersion(Version? v) =>
        v is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{v.Major}.{v.Minor}.{Math.Max(0, v.Build)}");
}
