using ConsulSharp.Core.Errors;
using ConsulSharp.Raft;

namespace ConsulSharp.Server.Endpoints;

/// <summary>Status and operator views of Raft: leader, peers, configuration, peer removal, leadership transfer.</summary>
public sealed class StatusService(ConsulServer server)
{
    public string Leader() => server.Status.LeaderAddress ?? "";

    public IReadOnlyList<string> Peers() => server.Status.Configuration.Voters.Select(v => v.Address).ToList();

    public RaftStatus Status() => server.Status;

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
