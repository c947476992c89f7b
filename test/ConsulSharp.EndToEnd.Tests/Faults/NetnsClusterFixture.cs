using ConsulSharp.Testing.Netns;

namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>
/// One 3-server cluster in network namespaces shared by the tests of <see cref="PartitionTests"/> (forming a cluster
/// costs several seconds; tests run one after another and each starts by healing and waiting for an agreed leader).
/// Created on first use, so a machine without root or <c>ip netns</c> only skips.
/// </summary>
public sealed class NetnsClusterFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NetnsConsulCluster? _cluster;

    public async Task<NetnsConsulCluster> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _cluster ??= await NetnsConsulCluster.StartAsync(3, cancellationToken);
            await _cluster.Lab.HealAsync(cancellationToken);
            return _cluster;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _gate.Dispose();
    }
}
