using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.PreparedQueries;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using ConsulSharp.State;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json;

namespace ConsulSharp.Server.Endpoints;

/// <summary>
/// The prepared query endpoint of a server (Consul <c>PreparedQuery.*</c> RPCs): Apply validates as Consul's
/// <c>parseQuery</c> and proposes through Raft; Get/List block on the table; Execute/Explain resolve and run the query
/// over one snapshot (not blocking, as Consul).
/// </summary>
/// <remarks>
/// A query that finds no healthy instance where it lives fails over as Consul's <c>queryFailover</c>: the nearest
/// <c>NearestN</c> other datacenters by WAN round trip, then the listed <c>Datacenters</c> (and targets naming one) that
/// the WAN pool knows, in order, each asked once through <c>ExecuteQuery</c> on one of its servers until one answers
/// with instances. <c>Failovers</c> counts the datacenters asked.
/// </remarks>
public sealed class PreparedQueryService(ConsulServer server, ServerRouter? router = null, ILoggerFactory? loggers = null)
{
    private readonly ILogger _log = (loggers ?? NullLoggerFactory.Instance).CreateLogger("agent.server.prepared_query");

    /// <summary>Consul's <c>ErrQueryNotFound</c> text; the HTTP layer answers it with 404.</summary>
    public const string QueryNotFound = "Query not found";

    private const string RedactedToken = "<hidden>";

    public ConsulServer Server => server;

    /// <summary>Creates a query (ID must be empty; a fresh UUID is returned).</summary>
    public async Task<string> CreateAsync(QueryDefinition query, CancellationToken cancellationToken)
    {
        if (query.Id.Length > 0)
        {
            throw ConsulException.Internal("ID must be empty when creating a new prepared query");
        }

        string id;
        do
        {
            id = Guid.NewGuid().ToString();
        }
        while (server.State.Current.GetPreparedQuery(id).Value is not null);

        await ApplyAsync("create", query with { Id = id }, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Replaces the query with <paramref name="query"/>.Id; it must exist.</summary>
    public Task UpdateAsync(QueryDefinition query, CancellationToken cancellationToken) =>
        ApplyAsync("update", query, cancellationToken);

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        ApplyAsync("delete", new QueryDefinition { Id = id }, cancellationToken);

    public Task<QueryResponse<QueryDefinition?>> GetAsync(string id, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.GetPreparedQuery(id, ws);
            return new QueryResult<QueryDefinition?>(r.Index, r.Value is null ? null : PreparedQueryRows.FromRow(r.Value));
        }, cancellationToken);

    public Task<QueryResponse<IReadOnlyList<QueryDefinition>>> ListAsync(QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            var r = s.PreparedQueries(ws);
            return new QueryResult<IReadOnlyList<QueryDefinition>>(r.Index, r.Value.Select(PreparedQueryRows.FromRow).ToList());
        }, cancellationToken);

    /// <summary>Resolves and runs a query; <see cref="ConsulErrorKind.NotFound"/> "Query not found" when nothing matches.</summary>
    public async Task<QueryResponse<ExecuteResult>> ExecuteAsync(string idOrName, ExecuteRequest request, QueryOptions options, CancellationToken cancellationToken)
    {
        QueryDefinition? resolved = null;
        var local = await server.QueryAsync(options with { MinQueryIndex = 0 }, (s, _) =>
        {
            resolved = Resolve(s, idOrName, request.AgentSegment);
            return new QueryResult<ExecuteResult>(0, PreparedQueryExecutor.Execute(s, resolved, request, server.Options.Datacenter));
        }, cancellationToken).ConfigureAwait(false);
        if (resolved is null)
        {
            return local;
        }

        var result = local.Value.Nodes.Count > 0 || router is null || !HasFailover(resolved.Service.Failover)
            ? local.Value
            : await FailoverAsync(resolved, request, local.Value, cancellationToken).ConfigureAwait(false);
        return resolved.Token.Length == 0 && ReferenceEquals(result, local.Value)
            ? local
            : local with { Value = result with { QueryToken = resolved.Token } };
    }

    private static bool HasFailover(QueryFailoverOptions failover) =>
        failover.NearestN > 0 || failover.Datacenters is { Count: > 0 } || failover.Targets is { Count: > 0 };

    private async Task<ExecuteResult> FailoverAsync(QueryDefinition query, ExecuteRequest request, ExecuteResult local, CancellationToken cancellationToken)
    {
        var here = server.Options.Datacenter;
        var nearest = router!.Datacenters().Where(dc => !string.Equals(dc, here, StringComparison.Ordinal)).ToList();
        var known = nearest.ToHashSet(StringComparer.Ordinal);
        var failover = query.Service.Failover;
        var targets = new List<string>(nearest.Take(Math.Max(0, failover.NearestN)));
        var listed = (failover.Datacenters ?? []).Concat((failover.Targets ?? []).Select(t => t.Datacenter)).Where(dc => dc.Length > 0);
        foreach (var dc in listed)
        {
            if (!known.Contains(dc))
            {
                Rpc.Log.FailoverUnknownDatacenter(_log, dc);
            }
            else if (!targets.Contains(dc, StringComparer.Ordinal))
            {
                targets.Add(dc);
            }
        }

        // The remote side sorts nothing by this agent's node (it is not there); the limit travels to save bandwidth.
        var call = new ExecuteQueryRequest
        {
            QueryJson = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(query, RpcJsonContext.Default.QueryDefinition)),
            RequestJson = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new ExecuteRequest { Limit = request.Limit, Connect = request.Connect }, RpcJsonContext.Default.ExecuteRequest)),
        };
        var reply = local;
        var failovers = 0;
        foreach (var dc in targets)
        {
            failovers++;
            try
            {
                var answer = await router.InvokeInDatacenterAsync(dc, (client, ct) => client.ExecuteQueryAsync(call, cancellationToken: ct).ResponseAsync, idempotent: true, cancellationToken).ConfigureAwait(false);
                reply = JsonSerializer.Deserialize(answer.ResultJson.Span, RpcJsonContext.Default.ExecuteResult) ?? reply;
            }
            catch (Exception ex) when (ex is RpcException or ConsulException && !cancellationToken.IsCancellationRequested)
            {
                Rpc.Log.FailoverQueryFailed(_log, query.Service.Service, dc, ex is RpcException rpc ? rpc.Status.Detail : ex.Message);
                continue;
            }

            if (reply.Nodes.Count > 0)
            {
                break;
            }
        }

        return reply with { Failovers = failovers };
    }

    /// <summary>The query a name resolves to, templates rendered for that name.</summary>
    public async Task<QueryResponse<QueryDefinition>> ExplainAsync(string idOrName, ExecuteRequest request, QueryOptions options, CancellationToken cancellationToken) =>
        await server.QueryAsync(options with { MinQueryIndex = 0 }, (s, _) => new QueryResult<QueryDefinition>(0, Resolve(s, idOrName, request.AgentSegment)), cancellationToken).ConfigureAwait(false);

    /// <summary>Executes against one snapshot without Raft or blocking (the DNS path, stale as Consul's DNS default).</summary>
    public ExecuteResult? ExecuteLocal(StateSnapshot snapshot, string idOrName, ExecuteRequest request)
    {
        try
        {
            var query = PreparedQueryRows.Resolve(snapshot, idOrName, request.AgentSegment);
            return query is null ? null : PreparedQueryExecutor.Execute(snapshot, query, request, server.Options.Datacenter);
        }
        catch (PreparedQueryException)
        {
            return null;
        }
    }

    private static QueryDefinition Resolve(StateSnapshot s, string idOrName, string segment)
    {
        try
        {
            return PreparedQueryRows.Resolve(s, idOrName, segment) ?? throw ConsulException.NotFound(QueryNotFound);
        }
        catch (PreparedQueryException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }
    }

    private async Task ApplyAsync(string op, QueryDefinition query, CancellationToken cancellationToken)
    {
        if (op != "create" && server.State.Current.GetPreparedQuery(query.Id).Value is null)
        {
            throw ConsulException.Internal($"Cannot modify non-existent prepared query: '{query.Id}'");
        }

        if (op != "delete" && Validate(query) is { } error)
        {
            throw ConsulException.Internal("Invalid prepared query: " + error);
        }

        await server.ApplyAsync(CommandCodec.PreparedQuery(new PreparedQueryCommand { Op = op, Query = PreparedQueryRows.ToRow(query) }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Consul <c>parseQuery</c>: null when valid, else the reason.</summary>
    public static string? Validate(QueryDefinition query)
    {
        if (query.Name.Length == 0 && query.Template.Type.Length == 0 && query.Session.Length == 0)
        {
            return "Must be bound to a session";
        }

        if (query.Token == RedactedToken)
        {
            return $"Bad Token '{query.Token}', it looks like a query definition with a redacted token was submitted";
        }

        var svc = query.Service;
        if (svc.Service.Length == 0)
        {
            return "Must provide a Service name to query";
        }

        if (svc.Failover.NearestN < 0)
        {
            return $"Bad NearestN '{svc.Failover.NearestN}', must be >= 0";
        }

        if ((svc.Failover.NearestN != 0 || svc.Failover.Datacenters is { Count: > 0 }) && svc.Failover.Targets is { Count: > 0 })
        {
            return "Targets cannot be populated with NearestN or Datacenters";
        }

        if (svc.NodeMeta is { } meta && ValidateMeta(meta) is { } metaError)
        {
            return metaError;
        }

        if (query.Dns.Ttl.Length > 0)
        {
            if (!Core.GoDuration.TryParseNanoseconds(query.Dns.Ttl, out var ttl, out var ttlError))
            {
                return $"Bad DNS TTL '{query.Dns.Ttl}': {ttlError}";
            }

            if (ttl < 0)
            {
                return $"DNS TTL '{Core.GoDuration.Format(ttl)}', must be >=0";
            }
        }

        return null;
    }

    /// <summary>Consul <c>ValidateNodeMetadata</c> with the <c>consul-</c> prefix allowed.</summary>
    private static string? ValidateMeta(IReadOnlyDictionary<string, string> meta)
    {
        if (meta.Count > 64)
        {
            return "Node metadata cannot contain more than 64 key/value pairs";
        }

        foreach (var (k, v) in meta)
        {
            var e = k.Length == 0 ? "Key cannot be blank"
                : !k.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-') ? "Key contains invalid characters"
                : k.Length > 128 ? "Key is too long (limit: 128 characters)"
                : v.Length > 512 ? "Value is too long (limit: 512 characters)"
                : null;
            if (e is not null)
            {
                return $"Couldn't load metadata pair ('{k}', '{v}'): {e}";
            }
        }

        return null;
    }
}
