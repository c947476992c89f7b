namespace ConsulSharp.Dns;

/// <summary>How a catalog read for DNS came out.</summary>
internal enum DnsReadStatus
{
    /// <summary>The value is here (it may be null: no such node or query).</summary>
    Ok,

    /// <summary>A remote read is under way; answer once <see cref="DnsRead{T}.Pending"/> completes.</summary>
    Pending,

    /// <summary>The datacenter is unknown (Consul's <c>No path to datacenter</c>): NXDOMAIN.</summary>
    NoDatacenter,

    /// <summary>The read failed (no state here, no server reachable, an error): SERVFAIL.</summary>
    Failed,
}
