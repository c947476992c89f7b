using System.Globalization;
using System.Net;
using ConsulSharp.Server;
using ConsulSharp.Server.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsulSharp.Testing;

/// <summary>
/// N server agents (durable Raft in temporary data dirs, server RPC on OS-assigned ports, <c>-bootstrap-expect N</c>)
/// and M client agents in this process, sharing one <see cref="StaticClusterMembership"/> as their LAN pool: every
/// agent is added to it once started, so the servers bootstrap one cluster as soon as all N are visible.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestAgent> _servers = [];
    private readonly List<TestAgent> _clients = [];
    private readonly HashSet<TestAgent> _stopped = [];

    private TestCluster(TestClusterOptions options)
    {
        Options = options;
    }

    public TestClusterOptions Options { get; }

    /// <summary>The LAN pool every agent of the cluster sees; tests add, fail or remove members through it.</summary>
    public StaticClusterMembership Membership { get; } = new();

    public IReadOnlyList<TestAgent> Servers => _servers;

    public IReadOnlyList<TestAgent> Clients => _clients;

    /// <summary>Servers not stopped by <see cref="StopAsync"/>.</summary>
    public IEnumerable<TestAgent> RunningServers => _servers.Where(s => !_stopped.Contains(s));

    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestClusterOptions();
        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.Servers; i++)
            {
                await cluster.AddServerAsync(options.Servers, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < options.Clients; i++)
            {
                await cluster.AddClientAsync(cancellationToken).ConfigureAwait(false);
            }

            if (options.Servers > 0)
            {
                await cluster.WaitForLeaderAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cluster;
    }

    public static ConsulServer ServerOf(TestAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Host.Services.GetRequiredService<ConsulServer>();
    }

    /// <summary>Starts one more server (with <paramref name="bootstrapExpect"/>) and adds it to the pool.</summary>
    public async Task<TestAgent> AddServerAsync(int bootstrapExpect, CancellationToken cancellationToken = default)
    {
        var name = $"{Options.NamePrefix}server-{_servers.Count + 1}";
        var agent = await TestAgent.StartAsync(new TestAgentOptions
        {
            NodeName = name,
            WithDataDir = true,
            Configure = c => Options.Configure(c with { DevMode = false, ServerMode = true, Bootstrap = false, BootstrapExpect = bootstrapExpect }),
            ConfigureServices = Configure,
        }, cancellationToken).ConfigureAwait(false);
        _servers.Add(agent);
        Membership.SetLan(MemberOf(agent, bootstrapExpect));
        return agent;
    }

    /// <summary>Starts one more client agent (no server mode) and adds it to the pool.</summary>
    public async Task<TestAgent> AddClientAsync(CancellationToken cancellationToken = default)
    {
        var agent = await TestAgent.StartAsync(new TestAgentOptions
        {
            NodeName = $"{Options.NamePrefix}client-{_clients.Count + 1}",
            Configure = c => Options.Configure(c with { DevMode = false, ServerMode = false, Bootstrap = false }),
            ConfigureServices = Configure,
        }, cancellationToken).ConfigureAwait(false);
        _clients.Add(agent);
        Membership.SetLan(MemberOf(agent, 0));
        return agent;
    }

    /// <summary>The member an agent shows in the LAN pool: Consul's tags (role, dc, id, port, expect).</summary>
    public static ClusterMember MemberOf(TestAgent agent, int bootstrapExpect, ClusterMemberStatus status = ClusterMemberStatus.Alive)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dc"] = agent.Config.Datacenter,
            ["id"] = agent.Host.Agent.NodeId,
            ["role"] = agent.Config.ServerMode ? "consul" : "node",
        };
        if (agent.Config.ServerMode && agent.Host.Services.GetService<ConsulServer>()?.RpcEndPoint is { } rpc)
        {
            tags["port"] = rpc.Port.ToString(CultureInfo.InvariantCulture);
            if (bootstrapExpect > 0)
            {
                tags["expect"] = bootstrapExpect.ToString(CultureInfo.InvariantCulture);
            }
        }

        return new ClusterMember(agent.Config.NodeName, IPAddress.Loopback, 0, tags, status);
    }

    /// <summary>The current leader among running servers, once every running server agrees on it.</summary>
    public async Task<TestAgent> WaitForLeaderAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Options.LeaderTimeout);
        while (true)
        {
            var running = RunningServers.ToList();
            var leader = running.FirstOrDefault(s => ServerOf(s).IsLeader);
            if (leader is not null)
            {
                var address = ServerOf(leader).Status.Address;
                if (running.All(s => ServerOf(s).Status.LeaderAddress == address))
                {
                    return leader;
                }
            }

            await Task.Delay(20, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>A running server that is not the leader.</summary>
    public async Task<TestAgent> FollowerAsync(CancellationToken cancellationToken = default)
    {
        var leader = await WaitForLeaderAsync(cancellationToken).ConfigureAwait(false);
        return RunningServers.First(s => s != leader);
    }

    /// <summary>Stops an agent (as a crash: no leave) and marks it failed in the pool.</summary>
    public async Task StopAsync(TestAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!_stopped.Add(agent))
        {
            return;
        }

        var member = MemberOf(agent, 0, ClusterMemberStatus.Failed);
        await agent.DisposeAsync().ConfigureAwait(false);
        Membership.SetLan(member);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _clients.Concat(_servers).Where(a => !_stopped.Contains(a)).Reverse())
        {
            _stopped.Add(agent);
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Configure(IServiceCollection services)
    {
        services.RemoveAll<IClusterMembership>();
        services.AddSingleton<IClusterMembership>(Membership);
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(ServerOptions));
        if (descriptor?.ImplementationInstance is ServerOptions server)
        {
            services.Remove(descriptor);
            services.AddSingleton(server with { LeaderWait = Options.LeaderWait, ServerStabilizationTime = Options.ServerStabilizationTime, DeadServerCleanupDelay = Options.DeadServerCleanupDelay });
        }
    }
}
