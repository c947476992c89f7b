using System.Globalization;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;

namespace ConsulSharp.Server.Endpoints;

/// <summary>The session endpoint of a server: validation as Consul's Session.Apply, TTL timers on the leader.</summary>
public sealed class SessionService(ConsulServer server)
{
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    public async Task<string> CreateAsync(Session session, CancellationToken cancellationToken)
    {
        var behavior = session.Behavior.Length == 0 ? "release" : session.Behavior;
        if (behavior is not ("release" or "delete"))
        {
            throw ConsulException.Internal($"Invalid Behavior setting '{session.Behavior}'");
        }

        if (session.Ttl.Length > 0 && session.Ttl != "0")
        {
            if (!Core.GoDuration.TryParseNanoseconds(session.Ttl, out var ttlNs, out var error))
            {
                throw ConsulException.Internal($"Session TTL '{session.Ttl}' invalid: {error}");
            }

            var ttl = Core.GoDuration.FromNanoseconds(ttlNs);

            var min = server.Options.SessionTtlMin;
            if (ttl != TimeSpan.Zero && (ttl < min || ttl > MaxTtl))
            {
                var ns = (ttl.Ticks * 100).ToString(CultureInfo.InvariantCulture);
                throw ConsulException.Internal($"Invalid Session TTL '{ns}', must be between [{Core.GoDuration.Format(min)}={Core.GoDuration.Format(MaxTtl)}]");
            }
        }

        if (session.Node.Length == 0)
        {
            throw ConsulException.Internal("Must provide Node");
        }

        var id = Guid.NewGuid().ToString();
        var toCreate = session with { Id = id, Behavior = behavior, Ttl = session.Ttl == "0" ? "" : session.Ttl };
        var response = await server.ApplyAsync(CommandCodec.Session(new SessionCommand { Op = "create", Session = toCreate }), cancellationToken).ConfigureAwait(false);
        server.Leader.ResetSessionTimer(id, toCreate.Ttl);
        return response as string ?? id;
    }

    public async Task DestroyAsync(string id, CancellationToken cancellationToken)
    {
        var existing = server.State.Current.GetSession(id).Value;
        if (existing is null)
        {
            return;
        }

        await server.ApplyAsync(CommandCodec.Session(new SessionCommand { Op = "destroy", Session = existing }), cancellationToken).ConfigureAwait(false);
        server.Leader.ClearSessionTimer(id);
    }

    /// <summary>Resets the TTL of a session on the leader; null when it does not exist.</summary>
    public async Task<QueryResponse<Session?>> RenewAsync(string id, QueryOptions options, CancellationToken cancellationToken)
    {
        var res = await server.QueryAsync(options with { MinQueryIndex = 0 }, (s, ws) => s.GetSession(id, ws), cancellationToken).ConfigureAwait(false);
        if (res.Value is { } s)
        {
            server.Leader.ResetSessionTimer(s.Id, s.Ttl);
        }

        return res;
    }

    public Task<QueryResponse<Session?>> GetAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.GetSession(id, ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<Session>>> ListAsync(QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.Sessions(ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<Session>>> NodeSessionsAsync(string node, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.NodeSessions(node, ws), cancellationToken);
}
