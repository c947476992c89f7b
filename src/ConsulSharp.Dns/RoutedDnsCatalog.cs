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

    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode) => For(datacenter).Query(datacenter, name, agentNode);

    public DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain) => For(datacenter).Ptr(address, datacenter, domain);

    private IDnsCatalog For(string dc) => string.Equals(dc, _datacenter, StringComparison.Ordinal) && local.Available ? local : remote;
}
