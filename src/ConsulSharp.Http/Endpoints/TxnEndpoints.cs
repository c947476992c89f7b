using System.Globalization;
using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Txn;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>PUT /v1/txn</c>: up to 128 operations applied all-or-nothing; 200 with Results, 409 with Errors.</summary>
public sealed class TxnEndpoints(TxnService txn, HttpApiOptions options, Agent.ConsulAgent agent)
{
    public const int MaxOperations = 128;

    public void Register(RouteTable routes) => routes.Put("/v1/txn", ApplyAsync);

    private async Task ApplyAsync(ApiRequest req)
    {
        var maxValue = agent.Config.KvMaxValueSize;
        var limit = Math.Max(maxValue, 512 * 1024);
        var body = await req.ReadBodyAsync(limit, $"Request body too large, max size: {limit.ToString(CultureInfo.InvariantCulture)} bytes").ConfigureAwait(false);
        List<TxnOpDto> dtos;
        try
        {
            dtos = JsonSerializer.Deserialize(body, ConsulJson.CompactContext.ListTxnOpDto) ?? [];
        }
        catch (JsonException ex)
        {
            throw ConsulException.BadRequest("Failed to parse body: " + ex.Message.Split(" Path:")[0]);
        }

        if (dtos.Count > MaxOperations)
        {
            throw ConsulException.TooLarge($"Transaction contains too many operations ({dtos.Count.ToString(CultureInfo.InvariantCulture)} > {MaxOperations.ToString(CultureInfo.InvariantCulture)})");
        }

        var ops = new List<TxnOp>(dtos.Count);
        var errors = new List<TxnErrorDto>();
        for (var i = 0; i < dtos.Count; i++)
        {
            var d = dtos[i];
            if (d.KV is { } kv)
            {
                if (kv.Value is { } value && value.Length > maxValue)
                {
                    throw ConsulException.TooLarge($"Value for key \"{kv.Key}\" is too large ({value.Length.ToString(CultureInfo.InvariantCulture)} > {maxValue.ToString(CultureInfo.InvariantCulture)} bytes)");
                }

                if (ParseKvVerb(kv.Verb) is not { } verb)
                {
                    errors.Add(new TxnErrorDto(i, $"unknown KV verb \"{kv.Verb}\""));
                    continue;
                }

                ops.Add(new TxnKvOp(verb, new KvEntry
                {
                    Key = kv.Key ?? "",
                    Value = kv.Value,
                    Flags = kv.Flags,
                    ModifyIndex = kv.Index,
                    Session = kv.Session ?? "",
                }));
            }
            else if (d.Node is not null || d.Service is not null || d.Check is not null)
            {
                var (op, error) = d.Node is { } n ? TxnCatalogOps.Node(n, agent.Config.Datacenter)
                    : d.Service is { } s ? TxnCatalogOps.Service(s)
                    : TxnCatalogOps.Check(d.Check!);
                if (error is not null)
                {
                    errors.Add(new TxnErrorDto(i, error));
                    continue;
                }

                ops.Add(op!);
            }
            else
            {
                errors.Add(new TxnErrorDto(i, "no operation specified"));
            }
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (errors.Count == 0 && !AuthzFilters.AllowsAll(acl))
        {
            for (var i = 0; i < ops.Count; i++)
            {
                if (Vet(acl, ops[i]) is { } denied)
                {
                    errors.Add(new TxnErrorDto(i, denied));
                }
            }
        }

        if (errors.Count > 0)
        {
            await req.WriteJsonAsync(new TxnResponseDto { Errors = errors }, StatusCodes.Status409Conflict).ConfigureAwait(false);
            return;
        }

        TxnResponse response;
        if (TxnService.IsReadOnly(ops))
        {
            var opts = req.ParseQueryOptions(options.DefaultQueryTime, options.MaxQueryTime) with { MinQueryIndex = 0 };
            var read = await txn.ReadAsync(ops, opts, req.Aborted).ConfigureAwait(false);
            req.Http.Response.Headers["X-Consul-KnownLeader"] = read.Meta.KnownLeader ? "true" : "false";
            req.Http.Response.Headers["X-Consul-LastContact"] = ((long)read.Meta.LastContact.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            response = read.Value;
        }
        else
        {
            response = await txn.ApplyAsync(ops, req.Aborted).ConfigureAwait(false);
        }

        var dto = new TxnResponseDto
        {
            Results = response.Succeeded ? FilterResults(acl, response.Results).Select(r => new TxnResultDto
            {
                KV = r.Kv is null ? null : KvEndpoints.ToDto(r.Kv),
                Node = r.Node is null ? null : CatalogMapping.ToDto(r.Node),
                Service = r.Service is null ? null : CatalogMapping.ToDto(r.Service),
                Check = r.Check is null ? null : CatalogMapping.ToDto(r.Check),
            }).ToList() : null,
            Errors = response.Succeeded ? null : response.Errors.Select(e => new TxnErrorDto(e.OpIndex, e.What)).ToList(),
        };
        await req.WriteJsonAsync(dto, response.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status409Conflict).ConfigureAwait(false);
    }

    /// <summary>
    /// Consul's txn pre-check: KV writes need key:write (delete-tree: on every key under the prefix), check-session and
    /// check-index need key:read, reads are filtered afterwards; catalog writes need node:write or service:write (a
    /// service's check: service:write). A denial becomes that operation's error (the whole transaction answers 409).
    /// </summary>
    private static string? Vet(AclAuthorization acl, TxnOp op)
    {
        var a = acl.Authorizer;
        switch (op)
        {
            case TxnKvOp { Verb: TxnKvVerb.Get or TxnKvVerb.GetTree or TxnKvVerb.GetOrEmpty }:
                return null;
            case TxnKvOp { Verb: TxnKvVerb.DeleteTree } kv:
                return a.KeyWritePrefix(kv.Entry.Key) ? null : acl.Denied("key:write", kv.Entry.Key).Message;
            case TxnKvOp { Verb: TxnKvVerb.CheckSession or TxnKvVerb.CheckIndex } kv:
                return a.KeyRead(kv.Entry.Key) ? null : acl.Denied("key:read", kv.Entry.Key).Message;
            case TxnKvOp kv:
                return a.KeyWrite(kv.Entry.Key) ? null : acl.Denied("key:write", kv.Entry.Key).Message;
            case TxnNodeOp { Verb: not TxnCatalogVerb.Get } n:
                return a.NodeWrite(n.Node.Name) ? null : acl.Denied("node:write", n.Node.Name).Message;
            case TxnServiceOp { Verb: not TxnCatalogVerb.Get } s:
                return a.ServiceWrite(s.Service.Name) ? null : acl.Denied("service:write", s.Service.Name).Message;
            case TxnCheckOp { Verb: not TxnCatalogVerb.Get } c when c.Check.ServiceId.Length > 0:
                return a.ServiceWrite(c.Check.ServiceName) ? null : acl.Denied("service:write", c.Check.ServiceName).Message;
            case TxnCheckOp { Verb: not TxnCatalogVerb.Get } c:
                return a.NodeWrite(c.Check.Node) ? null : acl.Denied("node:write", c.Check.Node).Message;
            default:
                return null;
        }
    }

    /// <summary>Consul's <c>FilterTxnResults</c>: result rows the token may not read are dropped.</summary>
    private static IReadOnlyList<TxnResult> FilterResults(AclAuthorization acl, IReadOnlyList<TxnResult> results)
    {
        var removed = false;
        return AuthzFilters.Filter(acl, results, static (a, r) =>
            (r.Kv is null || a.KeyRead(r.Kv.Key))
            && (r.Node is null || a.NodeRead(r.Node.Name))
            && (r.Service is null || AuthzFilters.ServiceInstanceAllowed(a, r.Service))
            && (r.Check is null || AuthzFilters.CheckAllowed(a, r.Check)), ref removed);
    }

    private static TxnKvVerb? ParseKvVerb(string? verb) => verb switch
    {
        "set" => TxnKvVerb.Set,
        "delete" => TxnKvVerb.Delete,
        "delete-cas" => TxnKvVerb.DeleteCas,
        "delete-tree" => TxnKvVerb.DeleteTree,
        "cas" => TxnKvVerb.Cas,
        "lock" => TxnKvVerb.Lock,
        "unlock" => TxnKvVerb.Unlock,
        "get" => TxnKvVerb.Get,
        "get-tree" => TxnKvVerb.GetTree,
        "get-or-empty" => TxnKvVerb.GetOrEmpty,
        "check-session" => TxnKvVerb.CheckSession,
        "check-index" => TxnKvVerb.CheckIndex,
        "check-not-exists" => TxnKvVerb.CheckNotExists,
        _ => null,
    };
}
