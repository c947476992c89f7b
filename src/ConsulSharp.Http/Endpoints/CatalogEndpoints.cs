using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Core;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Filters;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Endpoints;
using ConsulSharp.Server.Rpc;
using ConsulSharp.State;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>/v1/catalog/*</c>: register, deregister, datacenters, nodes, services, service, node, node-services.</summary>
public sealed class CatalogEndpoints(CatalogService catalog, HttpApiOptions options, ServerRouter? router = null)
{
    private string Datacenter => catalog.Server.Options.Datacenter;

    public void Register(RouteTable routes)
    {
        routes.Put("/v1/catalog/register", RegisterAsync);
        routes.Put("/v1/catalog/deregister", DeregisterAsync);
        routes.Get("/v1/catalog/datacenters", DatacentersAsync);
        routes.Get("/v1/catalog/nodes", NodesAsync);
        routes.Get("/v1/catalog/services", ServicesAsync);
        routes.Get("/v1/catalog/service/", ServiceAsync);
        routes.Get("/v1/catalog/node/", NodeAsync);
        routes.Get("/v1/catalog/node-services/", NodeServicesAsync);
    }

    private async Task RegisterAsync(ApiRequest req)
    {
        var body = await CatalogRequests.ReadStrictAsync(req, ConsulJson.CompactContext.CatalogRegisterRequest).ConfigureAwait(false);
        CatalogRequests.CheckDatacenter(body.Datacenter, Datacenter);
        var registration = ToRegistration(body, Datacenter);
        await AuthorizeRegisterAsync(req, registration).ConfigureAwait(false);
        await catalog.RegisterAsync(registration, req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    private async Task DeregisterAsync(ApiRequest req)
    {
        var body = await CatalogRequests.ReadStrictAsync(req, ConsulJson.CompactContext.CatalogDeregisterRequest).ConfigureAwait(false);
        CatalogRequests.CheckDatacenter(body.Datacenter, Datacenter);
        await AuthorizeDeregisterAsync(req, body.Node ?? "", body.ServiceID ?? "", body.CheckID ?? "").ConfigureAwait(false);
        await catalog.DeregisterAsync(body.Node ?? "", body.ServiceID ?? "", body.CheckID ?? "", req.Aborted).ConfigureAwait(false);
        await req.WriteBoolAsync(true).ConfigureAwait(false);
    }

    /// <summary>This datacenter and every one the WAN pool knows, nearest first (see <see cref="ServerRouter.Datacenters"/>).</summary>
    private Task DatacentersAsync(ApiRequest req) => req.WriteJsonAsync(router?.Datacenters().ToList() ?? [Datacenter]);

    private async Task NodesAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var filter = CatalogFilters.Compile(CatalogFilters.Node, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.NodesAsync(CatalogRequests.Query(req), opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var nodes = AuthzFilters.Filter(acl, res.Value, static (a, n) => a.NodeRead(n.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(nodes.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }

    private async Task ServicesAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        var filter = CatalogFilters.Compile(CatalogFilters.ServiceNode, opts.Filter);
        var query = CatalogRequests.Query(req);
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var removed = false;
        if (filter.IsPassThrough)
        {
            var res = await catalog.ServicesAsync(query, opts, req.Aborted).ConfigureAwait(false);
            CatalogRequests.SetMeta(req, res.Meta);
            foreach (var (name, tags) in res.Value)
            {
                if (!acl.Authorizer.ServiceRead(name))
                {
                    removed = true;
                    continue;
                }

                result[name] = [.. tags];
            }
        }
        else
        {
            var res = await catalog.AllServiceNodesAsync(query, opts, req.Aborted).ConfigureAwait(false);
            CatalogRequests.SetMeta(req, res.Meta);
            var readable = AuthzFilters.Filter(acl, res.Value, static (a, sn) => a.ServiceRead(sn.Service.Name), ref removed);
            foreach (var sn in filter.Apply(readable.Select(CatalogMapping.ToDto)))
            {
                if (!result.TryGetValue(sn.ServiceName, out var tags))
                {
                    result[sn.ServiceName] = tags = [];
                }

                foreach (var tag in sn.ServiceTags)
                {
                    if (!tags.Contains(tag))
                    {
                        tags.Add(tag);
                    }
                }
            }
        }

        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(result).ConfigureAwait(false);
    }

    private async Task ServiceAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing service name");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.ServiceNode, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.ServiceNodesAsync(req.Suffix, req.QueryAll("tag"), CatalogRequests.Query(req), opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);

        var removed = false;
        var instances = AuthzFilters.Filter(acl, res.Value, static (a, sn) => a.NodeRead(sn.Node.Name) && a.ServiceRead(sn.Service.Name), ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        await req.WriteJsonAsync(filter.Apply(instances.Select(CatalogMapping.ToDto))).ConfigureAwait(false);
    }

    private async Task NodeAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing node name");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.NodeService, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.NodeServicesAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var ns = FilterNodeServices(acl, res.Value, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        if (ns is null)
        {
            await req.WriteJsonAsync<CatalogNodeEntry?>(null).ConfigureAwait(false);
            return;
        }

        var services = new SortedDictionary<string, NodeServiceEntry>(StringComparer.Ordinal);
        foreach (var s in ns.Services)
        {
            var dto = CatalogMapping.ToDto(s);
            if (filter.Matches(dto))
            {
                services[s.Id] = dto;
            }
        }

        await req.WriteJsonAsync(new CatalogNodeEntry { Node = CatalogMapping.ToDto(ns.Node), Services = services }).ConfigureAwait(false);
    }

    private async Task NodeServicesAsync(ApiRequest req)
    {
        var opts = CatalogRequests.Options(req, options, Datacenter);
        if (req.Suffix.Length == 0)
        {
            throw ConsulException.BadRequest("Missing node name");
        }

        var filter = CatalogFilters.Compile(CatalogFilters.NodeService, opts.Filter);
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        var res = await catalog.NodeServicesAsync(req.Suffix, opts, req.Aborted).ConfigureAwait(false);
        CatalogRequests.SetMeta(req, res.Meta);
        var removed = false;
        var readable = FilterNodeServices(acl, res.Value, ref removed);
        AuthzFilters.MarkFiltered(req, acl, removed);
        var body = readable is { } ns
            ? new NodeServiceListEntry { Node = CatalogMapping.ToDto(ns.Node), Services = filter.Apply(ns.Services.Select(CatalogMapping.ToDto)) }
            : new NodeServiceListEntry { Node = null, Services = [] };
        await req.WriteJsonAsync(body).ConfigureAwait(false);
    }

    /// <summary>Consul's <c>filterNodeServices</c>: nothing without node:read, then only the readable services.</summary>
    private static NodeServices? FilterNodeServices(AclAuthorization acl, NodeServices? ns, ref bool removed)
    {
        if (ns is null || AuthzFilters.AllowsAll(acl))
        {
            return ns;
        }

        if (!acl.Authorizer.NodeRead(ns.Node.Name))
        {
            removed = true;
            return null;
        }

        var services = AuthzFilters.Filter(acl, ns.Services, static (a, s) => a.ServiceRead(s.Name), ref removed);
        return ReferenceEquals(services, ns.Services) ? ns : ns with { Services = services };
    }

    /// <summary>
    /// Consul's <c>vetRegisterWithACL</c>: node:write when the node is new or changes, service:write on the service
    /// (and on the service it replaces under the same ID), node:write for node checks and service:write for checks of
    /// other services already on the node.
    /// </summary>
    private async Task AuthorizeRegisterAsync(ApiRequest req, CatalogRegistration reg)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (AuthzFilters.AllowsAll(acl))
        {
            return;
        }

        var a = acl.Authorizer;
        var nodeName = reg.Node.Name;
        var existing = (await catalog.NodeInfoAsync(nodeName, Core.Requests.QueryOptions.Default, req.Aborted).ConfigureAwait(false)).Value;
        var changesNode = existing is null || (!reg.SkipNodeUpdate && !SameNode(reg.Node, existing.Node));
        if (changesNode && !a.NodeWrite(nodeName))
        {
            throw acl.Denied("node:write", nodeName);
        }

        if (reg.Service is { } service)
        {
            if (!a.ServiceWrite(service.Name))
            {
                throw acl.Denied("service:write", service.Name);
            }

            if (existing?.Services.FirstOrDefault(s => s.Id == ServiceId(service)) is { } replaced && !a.ServiceWrite(replaced.Name))
            {
                throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.PermissionDenied);
            }
        }

        foreach (var check in reg.Checks)
        {
            if (check.ServiceId.Length == 0)
            {
                if (!a.NodeWrite(nodeName))
                {
                    throw acl.Denied("node:write", nodeName);
                }

                continue;
            }

            if (reg.Service is { } s && ServiceId(s) == check.ServiceId)
            {
                continue;
            }

            var other = existing?.Services.FirstOrDefault(x => x.Id == check.ServiceId)
                ?? throw ConsulException.Internal($"Unknown service ID '{check.ServiceId}' for check ID '{check.CheckId}'");
            if (!a.ServiceWrite(other.Name))
            {
                throw acl.Denied("service:write", other.Name);
            }
        }
    }

    /// <summary>Consul's <c>vetDeregisterWithACL</c>: node:write on the node, or write on the service being removed
    /// (for a service check: its service; for a node check: the node).</summary>
    private async Task AuthorizeDeregisterAsync(ApiRequest req, string node, string serviceId, string checkId)
    {
        var acl = await req.AuthorizeAsync().ConfigureAwait(false);
        if (AuthzFilters.AllowsAll(acl) || acl.Authorizer.NodeWrite(node))
        {
            return;
        }

        var a = acl.Authorizer;
        var existing = (await catalog.NodeInfoAsync(node, Core.Requests.QueryOptions.Default, req.Aborted).ConfigureAwait(false)).Value;
        if (serviceId.Length > 0)
        {
            var service = existing?.Services.FirstOrDefault(s => s.Id == serviceId)
                ?? throw ConsulException.Internal($"Unknown service ID '{serviceId}'");
            if (!a.ServiceWrite(service.Name))
            {
                throw acl.Denied("service:write", service.Name);
            }
        }
        else if (checkId.Length > 0)
        {
            var check = existing?.Checks.FirstOrDefault(c => c.CheckId == checkId)
                ?? throw ConsulException.Internal($"Unknown check ID '{checkId}'");
            if (check.ServiceId.Length == 0)
            {
                throw acl.Denied("node:write", node);
            }

            if (!a.ServiceWrite(check.ServiceName))
            {
                throw acl.Denied("service:write", check.ServiceName);
            }
        }
        else
        {
            throw acl.Denied("node:write", node);
        }
    }

    /// <summary>A registered service's ID defaults to its name.</summary>
    private static string ServiceId(ServiceInstance s) => s.Id.Length > 0 ? s.Id : s.Name;

    private static bool SameNode(Node wanted, Node current) =>
        wanted.Id == current.Id && string.Equals(wanted.Name, current.Name, StringComparison.OrdinalIgnoreCase)
        && wanted.Address == current.Address && wanted.Datacenter == current.Datacenter
        && SameMap(wanted.TaggedAddresses, current.TaggedAddresses) && SameMap(wanted.Meta, current.Meta);

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>The register body as the state store's registration, with Consul's HTTP-side defaults and checks.</summary>
    internal static CatalogRegistration ToRegistration(CatalogRegisterRequest body, string datacenter)
    {
        var nodeName = body.Node ?? "";
        var node = new Node
        {
            Name = nodeName,
            Id = body.ID ?? "",
            Address = body.Address ?? "",
            Datacenter = string.IsNullOrEmpty(body.Datacenter) ? datacenter : body.Datacenter,
            TaggedAddresses = body.TaggedAddresses ?? [],
            Meta = body.NodeMeta ?? [],
        };

        ServiceInstance? service = null;
        if (body.Service is { } s)
        {
            service = new ServiceInstance
            {
                Node = nodeName,
                Id = s.ID ?? "",
                Name = s.Service ?? "",
                Kind = s.Kind ?? "",
                Tags = s.Tags ?? [],
                Address = s.Address ?? "",
                TaggedAddresses = (s.TaggedAddresses ?? []).ToDictionary(kv => kv.Key, kv => new ServiceAddress(kv.Value.Address, kv.Value.Port)),
                Meta = s.Meta ?? [],
                Port = s.Port,
                Weights = s.Weights is { } w ? new ServiceWeights(w.Passing, w.Warning) : ServiceWeights.Default,
                EnableTagOverride = s.EnableTagOverride,
            };
        }

        var checks = new List<HealthCheck>();
        foreach (var c in (body.Check is null ? [] : new[] { body.Check }).Concat(body.Checks ?? []))
        {
            var status = c.Status ?? "";
            if (status.Length > 0 && !HealthStatus.IsValid(status))
            {
                throw ConsulException.BadRequest("Bad check status");
            }

            checks.Add(new HealthCheck
            {
                Node = c.Node ?? "",
                CheckId = c.CheckID ?? "",
                Name = c.Name ?? "",
                Status = status,
                Notes = c.Notes ?? "",
                Output = c.Output ?? "",
                ServiceId = c.ServiceID ?? "",
                ServiceName = c.ServiceName ?? "",
                ServiceTags = c.ServiceTags ?? [],
                Type = c.Type ?? "",
                Interval = c.Interval ?? "",
                Timeout = c.Timeout ?? "",
                Definition = c.Definition is { ValueKind: JsonValueKind.Object } d ? ToDefinition(d) : HealthCheckDefinition.Empty,
            });
        }

        return new CatalogRegistration { Node = node, Service = service, Checks = checks, SkipNodeUpdate = body.SkipNodeUpdate };
    }

    /// <summary>A check <c>Definition</c>, decoded leniently as Consul's hand-written unmarshaller (unknown fields ignored).</summary>
    internal static HealthCheckDefinition ToDefinition(JsonElement d)
    {
        string Str(string name) => Get(d, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() ?? "" : "";
        bool Bool(string name) => Get(d, name) is { ValueKind: JsonValueKind.True };
        string Dur(string name)
        {
            if (Get(d, name) is not { } v || v.ValueKind is JsonValueKind.Null)
            {
                return "";
            }

            if (!GoDuration.TryReadLenient(v, out var ns, out var error))
            {
                throw ConsulException.BadRequest(Errors.RequestDecodeFailed + error);
            }

            return ns == 0 ? "" : GoDuration.Format(ns);
        }

        var header = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Get(d, "Header") is { ValueKind: JsonValueKind.Object } h)
        {
            foreach (var p in h.EnumerateObject())
            {
                header[p.Name] = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
            }
        }

        return new HealthCheckDefinition
        {
            Http = Str("HTTP"),
            TlsServerName = Str("TLSServerName"),
            TlsSkipVerify = Bool("TLSSkipVerify"),
            Header = header,
            Method = Str("Method"),
            Body = Str("Body"),
            Tcp = Str("TCP"),
            Grpc = Str("GRPC"),
            GrpcUseTls = Bool("GRPCUseTLS"),
            Interval = Dur("Interval"),
            Timeout = Dur("Timeout"),
            DeregisterCriticalServiceAfter = Dur("DeregisterCriticalServiceAfter"),
        };
    }

    private static JsonElement? Get(JsonElement obj, string name)
    {
        foreach (var p in obj.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }
}
