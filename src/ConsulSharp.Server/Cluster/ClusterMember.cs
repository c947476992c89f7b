using System.Globalization;
using System.Net;

namespace ConsulSharp.Server.Cluster;

/// <summary>
/// One agent as the gossip pool sees it, with Consul's tags (<c>role</c>, <c>dc</c>, <c>port</c>, <c>id</c>,
/// <c>expect</c>, ...). The server layer reads servers, datacenters and node IDs from it without knowing about gossip.
/// </summary>
public sealed record ClusterMember(string Name, IPAddress Address, int Port, IReadOnlyDictionary<string, string> Tags, ClusterMemberStatus Status)
{
    /// <summary>True for Consul servers (<c>role=consul</c>).</summary>
    public bool IsServer => Tag("role") == "consul";

    public string? Datacenter => Tag("dc");

    public string? NodeId => Tag("id");

    /// <summary>The server RPC/Raft port (<c>port</c> tag), or null for clients.</summary>
    public int? ServerPort => int.TryParse(Tag("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    /// <summary>The <c>-bootstrap-expect</c> value a server advertises (<c>expect</c> tag), or 0.</summary>
    public int Expect => int.TryParse(Tag("expect"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;

    /// <summary>The server's RPC endpoint (its gossip address with the <c>port</c> tag), or null for clients.</summary>
    public IPEndPoint? RpcEndPoint => IsServer && ServerPort is { } port ? new IPEndPoint(Address, port) : null;

    public string? Tag(string name) => Tags.TryGetValue(name, out var v) ? v : null;
}
