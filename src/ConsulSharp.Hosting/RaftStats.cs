using System.Globalization;
using ConsulSharp.Server;

namespace ConsulSharp.Hosting;

/// <summary>The <c>raft</c> section of <c>consul info</c> and the leader fields of <c>consul</c>.</summary>
internal sealed class RaftStats(ConsulServer server) : IStatsContributor
{
    public void Contribute(Dictionary<string, Dictionary<string, string>> stats)
    {
        var s = server.Status;
        static string U(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        stats["raft"] = new(StringComparer.Ordinal)
        {
            ["applied_index"] = U(s.AppliedIndex),
            ["commit_index"] = U(s.CommitIndex),
            ["fsm_pending"] = "0",
            ["last_contact"] = s.Role == Raft.RaftRole.Leader ? "0" : s.LastContact is { } lc ? $"{lc.TotalMilliseconds.ToString("0.######", CultureInfo.InvariantCulture)}ms" : "never",
            ["last_log_index"] = U(s.LastLogIndex),
            ["last_log_term"] = U(s.LastLogTerm),
            ["last_snapshot_index"] = U(s.LastSnapshotIndex),
            ["last_snapshot_term"] = U(s.LastSnapshotTerm),
            ["latest_configuration"] = "[" + string.Join(", ", s.Configuration.Servers.Select(v => $"{{Suffrage:{(v.IsVoter ? "Voter" : "Nonvoter")} ID:{v.Id} Address:{v.Address}}}")) + "]",
            ["latest_configuration_index"] = U(s.ConfigurationIndex),
            ["num_peers"] = s.NumPeers.ToString(CultureInfo.InvariantCulture),
            ["protocol_version"] = "3",
            ["protocol_version_max"] = "3",
            ["protocol_version_min"] = "0",
            ["snapshot_version_max"] = "1",
            ["snapshot_version_min"] = "0",
            ["state"] = s.Role.ToString(),
            ["term"] = U(s.Term),
        };
        if (stats.TryGetValue("consul", out var consul))
        {
            consul["leader"] = s.Role == Raft.RaftRole.Leader ? "true" : "false";
            consul["leader_addr"] = s.LeaderAddress ?? "";
        }
    }
}
