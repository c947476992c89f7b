using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Cluster;

/// <summary>One cluster shared by the tests of a class: three servers (bootstrap-expect 3) and one client agent.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Cluster = await TestCluster.StartAsync(new TestClusterOptions { Servers = 3, Clients = 1, NamePrefix = "shared-" });

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
