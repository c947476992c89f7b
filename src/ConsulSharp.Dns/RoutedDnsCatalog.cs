using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.PreparedQueries;

namespace ConsulSharp.Dns;

/// <summary>
/// Picks where each read goes: this agent's datacenter from the local state store when there is one (servers),
/// everything else (client agents; other datacenters on servers) through <see cref="RemoteDnsCatalog"/>.
/// </summary>
internal sealed class RoutedDnsCatalog(LocalDnsCatalog local, RemoteDnsCatalog remote, string datacenter) : IDnsCatalog
{
    private readonly string _datacenter = datacenter.ToLowerInvariant();

    public DnsRead<DnsInstance[]> Healthy(string datacenter, string service, string? tag) => For(datacenter).Healthy(datacenter, service, tag);

    public DnsRead<DnsInstance[]> NameServers(string datacenter) => For(datacenter).NameServers(datacenter);

    public DnsRead<Node?> Node(string datacenter, string name) => For(datacenter).Node(datacenter, name);

    /// <summary>A query that finds nothing healthy in the local state store may fail over to other datacenters, which
    /// takes server RPC: that case goes through the HTTP execute (<see cref="RemoteDnsCatalog"/>, cached briefly).</summary>
    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode)
    {
        var catalog = For(datacenter);
        var read = catalog.Query(datacenter, name, agentNode);
        return catalog == local && read is { Status: DnsReadStatus.Ok, Value.Nodes.Count: 0 } ? remote.Query(datacenter, name, agentNode) : read;
    }

    public DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain) => For(datacenter).Ptr(address, datacenter, domain);

    private IDnsCatalog For(string dc) => string.Equals(dc, _datacenter, StringComparison.Ordinal) && local.Available ? local : remote;
}
