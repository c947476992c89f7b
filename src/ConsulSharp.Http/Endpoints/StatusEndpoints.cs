using ConsulSharp.Contracts.Operator;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/status/*</c> and <c>/v1/operator/raft/*</c>.</summary>
public sealed class StatusEndpoints(StatusService status, Agent.ConsulAgent agent)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/status/leader", LeaderAsync);
        routes.Get("/v1/status/peers", PeersAsync);
        routes.Get("/v1/operator/raft/configuration", ConfigurationAsync);
        routes.Delete("/v1/operator/raft/peer", RemovePeerAsync);
        routes.Post("/v1/operator/raft/transfer-leader", TransferAsync);
    }

    private Task LeaderAsync(ApiRequest req) => req.WriteJsonAsync(status.Leader());

    private Task PeersAsync(ApiRequest req) => req.WriteJsonAsync(status.Peers().ToList());

    private async Task ConfigurationAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.OperatorRead())
        {
            throw acl.Denied("operator:read", null);
        }

        var s = status.Status();
        if (!req.Flag("stale") && !s.KnownLeader)
        {
            throw ConsulException.NoLeader();
        }

        var servers = s.Configuration.Servers.Select(srv => new RaftServerDto
        {
            ID = srv.Id,
            Node = status.NodeNameOf(srv, agent.Config.NodeName),
            Address = srv.Address,
            Leader = srv.Id == s.LeaderId,
            Voter = srv.IsVoter,
            LastIndex = srv.Id == s.Id ? s.LastLogIndex : 0,
        }).ToList();
        req.SetMeta(new QueryMeta { Index = s.ConfigurationIndex, KnownLeader = s.KnownLeader });
        await req.WriteJsonAsync(new RaftConfigurationDto(servers, s.ConfigurationIndex)).ConfigureAwait(false);
    }

    private async Task RemovePeerAsync(ApiRequest req)
    {
        var id = req.Query("id");
        var address = req.Query("address");
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(address))
        {
            throw ConsulException.BadRequest("Must specify either ?id with the server's ID or ?address with IP:port of peer to remove");
        }

        if (!string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(address))
        {
            throw ConsulException.BadRequest("Must specify only one of ?id or ?address");
        }

        await AuthorizeOperatorWriteAsync(req).ConfigureAwait(false);
        await status.RemovePeerAsync(id, address, req.Aborted).ConfigureAwait(false);
    }

    private static async Task AuthorizeOperatorWriteAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.OperatorWrite())
        {
            throw acl.Denied("operator:write", null);
        }
    }

    private async Task TransferAsync(ApiRequest req)
    {
        await AuthorizeOperatorWriteAsync(req).ConfigureAwait(false);
        await status.TransferLeaderAsync(req.Query("id"), req.Aborted).ConfigureAwait(false);
        await req.WriteJsonAsync(new TransferLeaderResponse(true)).ConfigureAwait(false);
    }
}
