using System.Net;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.PreparedQueries;

namespace ConsulSharp.Dns;

/// <summary>
/// What the DNS resolver reads, per datacenter: the local server's state store on servers
/// (<see cref="LocalDnsCatalog"/>), stale reads from a server over RPC on client agents and for other datacenters
/// (<see cref="RemoteDnsCatalog"/>). Calls are synchronous and must be cheap when the data is at hand; a read that needs
/// the network returns <see cref="DnsReadStatus.Pending"/> with the fetch to wait for. Called concurrently.
/// </summary>
internal interface IDnsCatalog
{
    /// <summary>The instances DNS may answer with (health-filtered, <c>only_passing</c> applied), in catalog order;
    /// the array is shared and must not be changed.</summary>
    DnsRead<DnsInstance[]> Healthy(string datacenter, string service, string? tag);

    /// <summary>The <c>consul</c> service instances whose checks are passing or warning (NS records).</summary>
    DnsRead<DnsInstance[]> NameServers(string datacenter);

    /// <summary>The node, or a null value when there is none.</summary>
    DnsRead<Node?> Node(string datacenter, string name);

    /// <summary>A prepared query (by ID or name) executed near <c>agentNode</c>; a null value when there is no such query.</summary>
    DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode);

    /// <summary>The name an address points back to (<c>node.node.dc.domain</c> or <c>svc.service.dc.domain</c>), or null.</summary>
    DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain);
}
