using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// Three durable server processes (<c>-bootstrap-expect 3</c>, data dirs kept across kills) and one client agent,
/// shared by the cluster fault tests (<see cref="DurableClusterCollection"/>). Every test leaves all three servers
/// running and voting when it ends.
/// </summary>
public sealed class DurableClusterFixture : IAsyncLifetime
{
    public ProcessCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions { Servers = 3, Clients = 1, NamePrefix = "fault-" });

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
