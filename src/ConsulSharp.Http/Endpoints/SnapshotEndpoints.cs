using ConsulSharp.Contracts.Snapshot;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Http.Routing;
using ConsulSharp.Raft;
using ConsulSharp.Server;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// <c>GET /v1/snapshot</c> (stream a snapshot archive of the current state) and <c>PUT /v1/snapshot</c> (verify an
/// archive, then restore it through Raft on every server). Both stream: the archive is never held in memory.
/// </summary>
public sealed class SnapshotEndpoints(ConsulServer server, Agent.ConsulAgent agent)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/snapshot", SaveAsync);
        routes.Put("/v1/snapshot", RestoreAsync);
    }

    /// <summary>Consul's single snapshot permission: a snapshot holds every ACL, so saving or restoring one needs
    /// <c>acl:write</c> (a management token).</summary>
    private static async Task AuthorizeAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.AclWrite())
        {
            throw acl.Denied("acl:write", null);
        }
    }

    private async Task SaveAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), agent.Config.Datacenter);
        await AuthorizeAsync(req).ConfigureAwait(false);
        var options = new QueryOptions
        {
            Datacenter = req.Query("dc") ?? "",
            Token = req.Token,
            Consistency = req.Flag("stale") ? ConsistencyMode.Stale : ConsistencyMode.Default,
        };
        using var snapshot = await server.OpenSnapshotAsync(options, req.Aborted).ConfigureAwait(false);
        var m = snapshot.Metadata;
        req.SetMeta(snapshot.QueryMeta);
        var res = req.Http.Response;
        res.ContentType = "application/x-gzip";
        var meta = new SnapshotMeta
        {
            ID = m.Id,
            Index = m.Index,
            Term = m.Term,
            Size = m.Size,
            Configuration = new SnapshotConfiguration
            {
                Servers = [.. m.Configuration.Servers.Select(s => new SnapshotServer(s.Suffrage == ServerSuffrage.Voter ? 0 : 1, s.Id, s.Address))],
            },
        };
        await SnapshotArchive.WriteAsync(res.Body, meta, snapshot.Data, agent.Time.GetUtcNow(), req.Aborted).ConfigureAwait(false);
    }

    private async Task RestoreAsync(ApiRequest req)
    {
        CatalogRequests.CheckDatacenter(req.Query("dc"), agent.Config.Datacenter);
        await AuthorizeAsync(req).ConfigureAwait(false);

        // state.bin goes to a scratch file while the archive is checked, as Consul does: nothing is restored until
        // every checksum matched, and a large snapshot never sits in memory.
        var path = Path.Combine(Path.GetTempPath(), "consul-snapshot-" + Guid.NewGuid().ToString("N"));
        var scratch = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (scratch.ConfigureAwait(false))
        {
            try
            {
                await SnapshotArchive.ReadAsync(req.Http.Request.Body, scratch, req.Aborted).ConfigureAwait(false);
            }
            catch (SnapshotArchiveException ex)
            {
                throw ConsulException.Internal(ex.Message);
            }

            await scratch.FlushAsync(req.Aborted).ConfigureAwait(false);
            scratch.Position = 0;
            await server.RestoreSnapshotAsync(scratch, req.Aborted).ConfigureAwait(false);
        }
    }
}
