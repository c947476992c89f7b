using System.Globalization;
using ConsulSharp.Agent;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Event;
using ConsulSharp.Contracts.Operator;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// The gossip endpoints: <c>/v1/agent/members</c>, <c>join</c>, <c>leave</c>, <c>force-leave</c>, user events
/// (<c>/v1/event/fire</c>, <c>/v1/event/list</c>) and <c>/v1/operator/keyring</c>, over the agent's pools.
/// </summary>
public sealed class GossipEndpoints(ConsulAgent agent, AgentGossip gossip, IMembership membership)
{
    public void Register(RouteTable routes)
    {
        routes.Get("/v1/agent/members", MembersAsync);
        routes.Put("/v1/agent/join/", JoinAsync);
        routes.Put("/v1/agent/leave", LeaveAsync);
        routes.Put("/v1/agent/force-leave/", ForceLeaveAsync);
        routes.Put("/v1/event/fire/", FireAsync);
        routes.Get("/v1/event/list", ListAsync);
        routes.Get("/v1/operator/keyring", req => KeyringAsync(req, "list"));
        routes.Post("/v1/operator/keyring", req => KeyringAsync(req, "install"));
        routes.Put("/v1/operator/keyring", req => KeyringAsync(req, "use"));
        routes.Delete("/v1/operator/keyring", req => KeyringAsync(req, "remove"));
    }

    private async Task AuthorizeAgentWriteAsync(ApiRequest req)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.AgentWrite(agent.Config.NodeName))
        {
            throw acl.Denied("agent:write", agent.Config.NodeName);
        }
    }

    private async Task MembersAsync(ApiRequest req)
    {
        var wan = req.Query("wan") is { Length: > 0 };
        var segment = req.Query("segment") ?? "";
        if (wan && segment.Length > 0 && segment != "_all")
        {
            throw ConsulException.BadRequest("Cannot provide a segment with wan=true");
        }

        // Consul filters the members after the ACL filter; a bad expression is its untyped error (500).
        var filter = Filters.CatalogFilters.Compile(Filters.MemberFilters.Member, req.Query("filter") ?? "");
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var removed = false;
        var members = AuthzFilters.Filter(acl, membership.Members(wan).ToList(), static (a, m) => a.NodeRead(m.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(members)).ConfigureAwait(false);
    }

    private async Task JoinAsync(ApiRequest req)
    {
        var wan = req.Query("wan") is { Length: > 0 };
        if (wan && !agent.Config.ServerMode)
        {
            throw ConsulException.Internal("Must be a server to join WAN cluster");
        }

        await AuthorizeAgentWriteAsync(req).ConfigureAwait(false);

        try
        {
            await gossip.JoinAsync([req.Suffix], wan, req.Aborted).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }
    }

    private async Task LeaveAsync(ApiRequest req)
    {
        await AuthorizeAgentWriteAsync(req).ConfigureAwait(false);
        await gossip.LeaveAsync(req.Aborted).ConfigureAwait(false);
        agent.LeaveHandler?.Invoke();
    }

    private async Task ForceLeaveAsync(ApiRequest req)
    {
        var prune = req.Flag("prune");
        var wan = req.Flag("wan");
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.OperatorWrite())
        {
            throw acl.Denied("operator:write", null);
        }

        try
        {
            await gossip.ForceLeaveAsync(req.Suffix, prune, wan, req.Aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw ConsulException.Internal(ex.Message);
        }
    }

    private async Task FireAsync(ApiRequest req)
    {
        if (req.Suffix.Length == 0)
        {
            await req.WriteTextAsync(StatusCodes.Status400BadRequest, "Missing name").ConfigureAwait(false);
            return;
        }

        var payload = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!acl.Authorizer.EventWrite(req.Suffix))
        {
            // Consul answers event fire denials with the bare text.
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.PermissionDenied);
        }

        ConsulUserEvent e;
        try
        {
            e = await gossip.FireEventAsync(req.Suffix, payload, req.Query("node") ?? "", req.Query("service") ?? "", req.Query("tag") ?? "", req.Aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw ConsulException.Internal(ex.Message);
        }

        await req.WriteJsonAsync(ToDto(e)).ConfigureAwait(false);
    }

    /// <summary>
    /// Consul's event list: the buffered events (optionally one name), and as blocking index a hash of the last
    /// event's ID (1 when none); a request whose <c>?index</c> equals it waits for the next event or the wait time.
    /// </summary>
    private async Task ListAsync(ApiRequest req)
    {
        var c = agent.Config;
        var q = req.ParseQueryOptions(c.MaxQueryTime, c.MaxQueryTime);
        var name = req.Query("name") ?? "";
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(req.Aborted, agent.ShuttingDown);
        if (q.MinQueryIndex > 0)
        {
            timeout.CancelAfter(q.MaxQueryTime);
        }

        while (true)
        {
            var changed = gossip.Events.Changed;
            var events = gossip.Events.List().Where(e => name.Length == 0 || e.Name == name).ToList();
            var index = events.Count == 0 ? 1UL : events[^1].Index();
            if (index == q.MinQueryIndex && !timeout.IsCancellationRequested)
            {
                try
                {
                    await changed.WaitAsync(timeout.Token).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (!req.Aborted.IsCancellationRequested)
                {
                    // Wait time over (or the agent stops): answer with the unchanged list.
                }
            }

            req.Http.Response.Headers["X-Consul-Index"] = index.ToString(CultureInfo.InvariantCulture);
            var removed = false;
            var readable = AuthzFilters.Filter(acl, events, static (a, e) => a.EventRead(e.Name), ref removed);
            AuthzFilters.MarkFiltered(req, acl, removed);
            await req.WriteJsonAsync(readable.Select(ToDto).ToList()).ConfigureAwait(false);
            return;
        }
    }

    private async Task KeyringAsync(ApiRequest req, string operation)
    {
        string? key = null;
        if (operation != "list")
        {
            key = (await req.ReadJsonAsync(ConsulJson.CompactContext.KeyringRequest).ConfigureAwait(false)).Key;
        }

        if (req.Query("relay-factor") is { } relay)
        {
            if (!int.TryParse(relay, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                throw ConsulException.BadRequest($"Error parsing relay factor: strconv.Atoi: parsing \"{relay}\": invalid syntax");
            }

            if (n is < 0 or > 5)
            {
                throw ConsulException.BadRequest("Error parsing relay factor: Relay factor must be in range: [0, 5]");
            }
        }

        if (req.Query("local-only") is { } localOnly)
        {
            if (!ApiRequest.TryParseGoBool(localOnly, out var local))
            {
                throw ConsulException.BadRequest($"Error parsing local-only: strconv.ParseBool: parsing \"{localOnly}\": invalid syntax");
            }

            if (local && operation != "list")
            {
                throw ConsulException.BadRequest("Local-only can only be set for GET requests");
            }
        }

        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (operation == "list" ? !acl.Authorizer.KeyringRead() : !acl.Authorizer.KeyringWrite())
        {
            throw acl.Denied(operation == "list" ? "keyring:read" : "keyring:write", null);
        }

        IReadOnlyList<KeyringResult> results;
        try
        {
            results = await gossip.KeyringAsync(operation, key, req.Aborted).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }

        var errors = new List<string>();
        foreach (var r in results.Where(r => r.Error.Length > 0))
        {
            errors.Add($"{(r.Wan ? "WAN" : r.Datacenter + " (LAN)")} error: {r.Error}");
            errors.AddRange(r.Messages.Select(m => $"{m.Key}: {m.Value}"));
        }

        if (errors.Count > 0)
        {
            var text = errors.Count == 1 ? errors[0] : $"{errors.Count} errors occurred:\n" + string.Concat(errors.Select(e => $"\t* {e}\n")) + "\n";
            throw ConsulException.Internal(text);
        }

        if (operation == "list")
        {
            await req.WriteJsonAsync(results.Select(r => new KeyringResponseDto
            {
                WAN = r.Wan,
                Datacenter = r.Datacenter,
                Messages = new Dictionary<string, string>(r.Messages),
                Keys = new Dictionary<string, int>(r.Keys),
                PrimaryKeys = new Dictionary<string, int>(r.PrimaryKeys),
                NumNodes = r.NumNodes,
            }).ToList()).ConfigureAwait(false);
        }
    }

    internal static UserEventDto ToDto(ConsulUserEvent e) => new()
    {
        ID = e.Id,
        Name = e.Name,
        Payload = e.Payload,
        NodeFilter = e.NodeFilter,
        ServiceFilter = e.ServiceFilter,
        TagFilter = e.TagFilter,
        Version = e.Version,
        LTime = e.LTime,
    };
}
