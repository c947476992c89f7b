namespace ConsulSharp.Testing;

/// <summary>The order in which <see cref="ProcessCluster.StartAsync"/> starts its agent processes.</summary>
public enum ProcessStartOrder
{
    /// <summary>Every server, then every client (the getting-started guide's order).</summary>
    ServersFirst,

    /// <summary>Every client first (they retry their joins until a server is up), then the servers.</summary>
    ClientsFirst,

    /// <summary>All processes at once.</summary>
    Concurrent,
}
