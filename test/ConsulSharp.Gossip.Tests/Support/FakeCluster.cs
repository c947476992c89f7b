using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Gossip.Tests.Support;

/// <summary>
/// Pools on an <see cref="InMemoryNetwork"/> driven by one <see cref="FakeTimeProvider"/>. Time only moves in
/// <see cref="RunUntilAsync"/>, in small steps; between steps the test yields so queued packet handlers can run.
/// Assertions are about fake (protocol) time, never wall-clock time.
/// </summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    public FakeCluster()
    {
        Network = new InMemoryNetwork(Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public InMemoryNetwork Network { get; }

    public List<SerfPool> Pools { get; } = [];

    public SerfPool Add(string name, MemberlistOptions? profile = null, Func<SerfOptions, SerfOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null, System.Net.IPEndPoint? endpoint = null)
    {
        var options = new SerfOptions
        {
            NodeName = name,
            Memberlist = profile ?? MemberlistOptions.Local,
            LeavePropagateDelay = TimeSpan.FromMilliseconds(200),
        };
        options = configure?.Invoke(options) ?? options;
        var pool = SerfPool.Start(options, endpoint is null ? Network.CreateTransport() : Network.CreateTransport(endpoint), Time, loggerFactory ?? NullLoggerFactory.Instance);
        Pools.Add(pool);
        return pool;
    }

    public static string Address(SerfPool pool) => $"{pool.LocalEndPoint.Address}:{pool.LocalEndPoint.Port}";

    /// <summary>Advances fake time until <paramref name="condition"/> holds; returns the fake time it took.</summary>
    public async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan maxFakeTime, string phase)
    {
        var start = Time.GetUtcNow();
        while (!condition())
        {
            var elapsed = Time.GetUtcNow() - start;
            if (elapsed > maxFakeTime)
            {
                Assert.Fail($"phase '{phase}' not reached within {maxFakeTime.TotalSeconds:0.#}s of protocol time; " + Describe());
            }

            Time.Advance(Step);
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        return Time.GetUtcNow() - start;
    }

    /// <summary>Advances fake time by <paramref name="duration"/> while yielding to handlers.</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        while (Time.GetUtcNow() < end)
        {
            Time.Advance(Step);
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Runs an async operation that itself waits on fake time (join, leave, query) while advancing the clock.</summary>
    public async Task<T> DriveAsync<T>(Task<T> operation, TimeSpan maxFakeTime, string phase)
    {
        await RunUntilAsync(() => operation.IsCompleted, maxFakeTime, phase);
        return await operation;
    }

    public async Task DriveAsync(Task operation, TimeSpan maxFakeTime, string phase)
    {
        await RunUntilAsync(() => operation.IsCompleted, maxFakeTime, phase);
        await operation;
    }

    public static bool Sees(SerfPool pool, string node, MemberStatus status) => pool.Members().Any(m => m.Name == node && m.Status == status);

    public bool AllSeeAllAlive() => Pools.All(p => Pools.All(q => Sees(p, q.LocalName, MemberStatus.Alive)));

    public string Describe() => string.Join("; ", Pools.Select(p => p.LocalName + ": [" + string.Join(", ", p.Members().Select(m => $"{m.Name}={m.Status}")) + "]"));

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in Pools)
        {
            await pool.DisposeAsync();
        }
    }
}
