using ConsulSharp.Core.Errors;
using ConsulSharp.Raft;

namespace ConsulSharp.Server.Endpoints;

/// <summary>Status and operator views of Raft: leader, peers, configuration, peer removal, leadership transfer.</summary>
public sealed class StatusService(ConsulServer server)
{
    public string Leader() => server.Status.LeaderAddress ?? "";

    public IReadOnlyList<string> Peers() => server.Status.Configuration.Voters.Select(v => v.Address).ToList();

    public RaftStatus Status() => server.Status;

    /// <summary>
    /// The node name of a server in the Raft configuration: the LAN member whose RPC address (gossip address and
    /// <c>port</c> tag) is the server's Raft address, as Consul's <c>RaftGetConfiguration</c> maps it; "(unknown)" otherwise.
    /// </summary>
    public string NodeNameOf(RaftServer raftServer, string localNodeName)
    {
        ArgumentNullException.ThrowIfNull(raftServer);
        if (raftServer.Id == server.Status.Id)
        {
            return localNodeName;
        }

        var member = server.Membership.LanMembers().FirstOrDefault(m => m.RpcEndPoint?.ToString() == raftServer.Address);
        return member?.Name ?? "(unknown)";
    }

    public async Task RemovePeerAsync(string? id, string? address, CancellationToken cancellationToken)
    {
        var config = server.Status.Configuration;
        var target = id is { Length: > 0 } ? config.Find(id) : config.Servers.FirstOrDefault(s => s.Address == address);
        if (target is null)
        {
            throw ConsulException.Internal(id is { Length: > 0 } ? $"id \"{id}\" was not found in the Raft configuration" : $"address \"{address}\" was not found in the Raft configuration");
        }

        try
        {
            await server.Raft.RemoveServerAsync(target.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (RaftException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }
    }

    public async Task TransferLeaderAsync(string? id, CancellationToken cancellationToken)
    {
        try
        {
            await server.Raft.TransferLeadershipAsync(string.IsNullOrEmpty(id) ? null : id, cancellationToken).ConfigureAwait(false);
        }
        catch (RaftException ex)
        {
            throw ConsulException.NotFound($"Failed to transfer Leader: {ex.Message}");
        }
    }
}
