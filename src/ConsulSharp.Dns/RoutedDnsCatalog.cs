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

    /// <summary>A query that finds nothing in the local state store fails over to other datacenters only when it has
    /// failover configured (that takes server RPC: the HTTP execute through <see cref="RemoteDnsCatalog"/>, cached
    /// briefly); without failover the empty local answer stands (NXDOMAIN), with no remote call.</summary>
    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode)
    {
        if (For(datacenter) != local)
        {
            return remote.Query(datacenter, name, agentNode);
        }

        var read = local.Query(datacenter, name, agentNode, out var failover);
        return failover && read is { Status: DnsReadStatus.Ok, Value.Nodes.Count: 0 } ? remote.Query(datacenter, name, agentNode) : read;
    }

    public DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain) => For(datacenter).Ptr(address, datacenter, domain);

    private IDnsCatalog For(string dc) => string.Equals(dc, _datacenter, StringComparison.Ordinal) && local.Available ? local : remote;
}
