using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Cluster;

/// <summary>
/// The cluster most <see cref="GettingStartedTests"/> share: three servers (<c>-bootstrap-expect 3</c>) started first,
/// then three clients; DNS on every agent; c1 has the service <c>web</c> in its config dir. Tests that stop or kill a
/// server start it again before they end; c2 and c3 are each used up by one test (leave, kill).
/// </summary>
public sealed class GettingStartedFixture : IAsyncLifetime
{
    public const string WebDefinition = """
        {"service": {"name": "web", "port": 80, "tags": ["rails"]}}
        """;

    public ProcessCluster Cluster { get; private set; } = null!;

    public ProcessNode C1 => Cluster.Clients[0];

    public async ValueTask InitializeAsync()
    {
        Cluster = await ProcessCluster.StartAsync(new ProcessClusterOptions
        {
            Servers = 3,
            Clients = 3,
            Dns = true,
            NamePrefix = "gs-",
            Prepare = n =>
            {
                if (n.Name == "gs-c1")
                {
                    File.WriteAllText(Path.Combine(n.ConfigDir, "web.json"), WebDefinition);
                }
            },
        });
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
