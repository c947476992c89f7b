using System.Net;
using ConsulSharp.Acl;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.PreparedQueries;
using ConsulSharp.State;

namespace ConsulSharp.Dns;

/// <summary>
/// DNS reads from this server's own state store (stale reads, Consul's default <c>allow_stale</c>): every read
/// completes at once. Only the agent's datacenter is here; with no state store (a client agent) reads fail.
/// </summary>
internal sealed class LocalDnsCatalog : IDnsCatalog
{
    private readonly Func<StateSnapshot?> _state;
    private readonly string _datacenter;
    private readonly DnsServiceCache _services;
    private readonly DnsServiceCache _nameServers = new(onlyPassing: false);
    private readonly DnsAcl? _acl;

    /// <summary><paramref name="acl"/> (ACLs enabled) filters prepared-query results; service and node answers are
    /// returned unfiltered (the cache is shared by all tokens) and filtered by the resolver.</summary>
    public LocalDnsCatalog(Func<StateSnapshot?> state, string datacenter, bool onlyPassing, DnsAcl? acl = null)
    {
        _state = state;
        _acl = acl;
        _datacenter = datacenter.ToLowerInvariant();
        _services = new DnsServiceCache(onlyPassing);
    }

    internal DnsServiceCache ServiceCache => _services;

    /// <summary>True when this agent has a state store to answer from.</summary>
    public bool Available => _state() is not null;

    public DnsRead<DnsInstance[]> Healthy(string datacenter, string service, string? tag) =>
        Snapshot(datacenter, out var s, out var fail) ? DnsRead<DnsInstance[]>.Of(_services.Get(s, service, tag)) : DnsRead<DnsInstance[]>.Fail(fail);

    public DnsRead<DnsInstance[]> NameServers(string datacenter) =>
        Snapshot(datacenter, out var s, out var fail) ? DnsRead<DnsInstance[]>.Of(_nameServers.Get(s, "consul", null)) : DnsRead<DnsInstance[]>.Fail(fail);

    public DnsRead<Node?> Node(string datacenter, string name) =>
        Snapshot(datacenter, out var s, out var fail) ? DnsRead<Node?>.Of(s.GetNode(name).Value) : DnsRead<Node?>.Fail(fail);

    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode) => Query(datacenter, name, agentNode, out _);

    /// <summary>
    /// Executes the query here; <paramref name="failover"/> tells whether it has failover configured (Consul's
    /// <c>Failover.NearestN</c>, <c>Datacenters</c> or <c>Targets</c>), which is when an empty answer may be found in
    /// another datacenter. With ACLs the results are filtered, as Consul's <c>PreparedQuery.Execute</c>, with the
    /// query's stored token when it has one, else the DNS token.
    /// </summary>
    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode, out bool failover)
    {
        failover = false;
        if (!Snapshot(datacenter, out var s, out var fail))
        {
            return DnsRead<ExecuteResult?>.Fail(fail);
        }

        try
        {
            var query = PreparedQueryRows.Resolve(s, name, "");
            if (query is null)
            {
                return DnsRead<ExecuteResult?>.Of(null);
            }

            var f = query.Service.Failover;
            failover = f.NearestN > 0 || f.Datacenters is { Count: > 0 } || f.Targets is { Count: > 0 };
            var result = PreparedQueryExecutor.Execute(s, query, new ExecuteRequest { AgentNode = agentNode }, _datacenter);
            if (_acl is null || result.Nodes.Count == 0)
            {
                return DnsRead<ExecuteResult?>.Of(result);
            }

            var authz = _acl.For(query.Token.Length > 0 ? query.Token : _acl.Token);
            if (authz.Status != DnsReadStatus.Ok)
            {
                return new DnsRead<ExecuteResult?>(authz.Status, null, authz.Pending);
            }

            var nodes = DnsAcl.Filter(authz.Value!, result.Nodes);
            return DnsRead<ExecuteResult?>.Of(ReferenceEquals(nodes, result.Nodes) ? result : result with { Nodes = nodes });
        }
        catch (PreparedQueryException)
        {
            return DnsRead<ExecuteResult?>.Fail(DnsReadStatus.Failed);
        }
    }

    public DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain)
    {
        if (!Snapshot(datacenter, out var s, out var fail))
        {
            return DnsRead<string?>.Fail(fail);
        }

        // With ACLs, as Consul's node and service listings under the DNS token: only what it may read.
        IAuthorizer? authz = null;
        if (_acl is not null)
        {
            var current = _acl.Current();
            if (current.Status != DnsReadStatus.Ok)
            {
                return new DnsRead<string?>(current.Status, null, current.Pending);
            }

            authz = current.Value!;
        }

        foreach (var node in s.Nodes().Value)
        {
            if (IPAddress.TryParse(node.Address, out var nodeIp) && nodeIp.Equals(address) && (authz is null || authz.NodeRead(node.Name)))
            {
                var nodeDc = node.Datacenter.Length > 0 ? node.Datacenter.ToLowerInvariant() : _datacenter;
                var target = $"{node.Name}.node.{nodeDc}.{domain}";
                if (DnsResolver.IsEncodable(target))
                {
                    return DnsRead<string?>.Of(target);
                }
            }
        }

        foreach (var name in s.Services().Value.Keys)
        {
            foreach (var sn in s.ServiceNodes(name).Value)
            {
                if (IPAddress.TryParse(sn.Service.Address, out var svcIp) && svcIp.Equals(address)
                    && (authz is null || (authz.NodeRead(sn.Service.Node) && authz.ServiceRead(sn.Service.Name))))
                {
                    var target = $"{sn.Service.Name}.service.{_datacenter}.{domain}";
                    if (DnsResolver.IsEncodable(target))
                    {
                        return DnsRead<string?>.Of(target);
                    }
                }
            }
        }

        return DnsRead<string?>.Of(null);
    }

    private bool Snapshot(string datacenter, out StateSnapshot snapshot, out DnsReadStatus failure)
    {
        snapshot = null!;
        if (!string.Equals(datacenter, _datacenter, StringComparison.Ordinal))
        {
            failure = DnsReadStatus.NoDatacenter;
            return false;
        }

        if (_state() is not { } s)
        {
            failure = DnsReadStatus.Failed;
            return false;
        }

        snapshot = s;
        failure = DnsReadStatus.Ok;
        return true;
    }
}
