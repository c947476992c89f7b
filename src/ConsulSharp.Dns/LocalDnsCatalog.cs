using System.Net;
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

    public LocalDnsCatalog(Func<StateSnapshot?> state, string datacenter, bool onlyPassing)
    {
        _state = state;
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

    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode)
    {
        if (!Snapshot(datacenter, out var s, out var fail))
        {
            return DnsRead<ExecuteResult?>.Fail(fail);
        }

        try
        {
            var query = PreparedQueryRows.Resolve(s, name, "");
            return DnsRead<ExecuteResult?>.Of(query is null ? null : PreparedQueryExecutor.Execute(s, query, new ExecuteRequest { AgentNode = agentNode }, _datacenter));
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

        foreach (var node in s.Nodes().Value)
        {
            if (IPAddress.TryParse(node.Address, out var nodeIp) && nodeIp.Equals(address))
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
                if (IPAddress.TryParse(sn.Service.Address, out var svcIp) && svcIp.Equals(address))
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
