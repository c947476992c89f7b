using System.Globalization;
using System.Threading.Channels;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Cluster;
using ConsulSharp.Server.Fsm;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Leader;

/// <summary>
/// The leader's catalog reconciliation of the LAN gossip pool (Consul's <c>reconcileMember</c>): alive members are
/// registered with a passing <c>serfHealth</c> check ("Agent alive and reachable", servers also with their
/// <c>consul</c> service), failed ones get it critical ("Agent not live or unreachable"), left and reaped ones are
/// deregistered with their services and checks. Runs on every member change and every <see cref="Interval"/>; a full
/// pass also deregisters catalog nodes with a <c>serfHealth</c> check that the pool no longer knows (reaped while no
/// leader watched). The leader's own node is left to <see cref="LeaderDuties"/>, which keeps its entry.
/// </summary>
public sealed class CatalogReconciler(ConsulServer server, IClusterMembership membership, TimeProvider time, ILogger log)
{
    /// <summary>Consul's <c>ReconcileInterval</c>.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    public const string SerfCheckId = "serfHealth";
    public const string SerfCheckName = "Serf Health Status";
    public const string AliveOutput = "Agent alive and reachable";
    public const string FailedOutput = "Agent not live or unreachable";

    private ServerOptions Options => server.Options;

    /// <summary>Starts reconciling until <paramref name="cancellationToken"/> (the end of leadership) is cancelled.</summary>
    public static Task Start(ConsulServer server, TimeProvider time, ILogger log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var reconciler = new CatalogReconciler(server, server.Membership, time, log);
        return Task.Run(() => reconciler.RunAsync(cancellationToken), CancellationToken.None);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var changes = Channel.CreateUnbounded<ClusterMember>(new UnboundedChannelOptions { SingleReader = true });
        void OnChange(ClusterMember m) => changes.Writer.TryWrite(m);
        membership.LanMemberChanged += OnChange;
        try
        {
            Log.Started(log);
            await ReconcileAllAsync(cancellationToken).ConfigureAwait(false);
            var next = time.GetUtcNow() + Interval;
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    tick.CancelAfter(wait);
                    try
                    {
                        await changes.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The interval elapsed.
                    }
                }

                while (changes.Reader.TryRead(out var member))
                {
                    await ReconcileChangeAsync(member, cancellationToken).ConfigureAwait(false);
                }

                if (time.GetUtcNow() >= next)
                {
                    await ReconcileAllAsync(cancellationToken).ConfigureAwait(false);
                    next = time.GetUtcNow() + Interval;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            membership.LanMemberChanged -= OnChange;
        }
    }

    /// <summary>A full pass: every pool member, then catalog nodes the pool no longer knows.</summary>
    public async Task ReconcileAllAsync(CancellationToken cancellationToken)
    {
        var members = membership.LanMembers();
        foreach (var m in members)
        {
            await ReconcileGuardedAsync(m, reaped: false, cancellationToken).ConfigureAwait(false);
        }

        // An empty view means the pool is not running (or a static view in tests): nothing is known to be reaped.
        if (members.Count == 0)
        {
            return;
        }

        var known = members.Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var snap = server.State.Current;
        foreach (var check in snap.ChecksInState(HealthStatus.Any).Value.Where(c => c.CheckId == SerfCheckId && !known.Contains(c.Node)))
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["dc"] = Options.Datacenter, ["role"] = "node" };
            if (snap.GetNodeService(check.Node, "consul").Value is { } consul)
            {
                tags["role"] = "consul";
                tags["port"] = consul.Port.ToString(CultureInfo.InvariantCulture);
            }

            var fake = new ClusterMember(check.Node, System.Net.IPAddress.None, 0, tags, ClusterMemberStatus.None);
            await ReconcileGuardedAsync(fake, reaped: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A member event: a member the pool no longer lists was reaped.</summary>
    private Task ReconcileChangeAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var reaped = !membership.LanMembers().Any(m => string.Equals(m.Name, member.Name, StringComparison.Ordinal));
        return ReconcileGuardedAsync(member, reaped, cancellationToken);
    }

    private async Task ReconcileGuardedAsync(ClusterMember member, bool reaped, CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileMemberAsync(member, reaped, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsulException or Raft.RaftException)
        {
            Log.ReconcileFailed(log, member.Name, ex.Message);
        }
    }

    /// <summary>Applies one member's state to the catalog (Consul's <c>reconcileMember</c>).</summary>
    public async Task ReconcileMemberAsync(ClusterMember member, bool reaped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (!ShouldHandle(member))
        {
            Log.Skipping(log, member.Name);
            return;
        }

        if (string.Equals(member.Name, Options.NodeName, StringComparison.OrdinalIgnoreCase))
        {
            if (reaped || member.Status == ClusterMemberStatus.Left)
            {
                Log.NotDeregisteringSelf(log, Options.NodeName);
            }

            // The leader's own entry (with its tagged addresses and meta) is kept by LeaderDuties.
            return;
        }

        if (reaped)
        {
            await DeregisterAsync(member, "reaped", cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (member.Status)
        {
            case ClusterMemberStatus.Alive:
                await HandleAliveAsync(member, cancellationToken).ConfigureAwait(false);
                break;
            case ClusterMemberStatus.Failed:
                await HandleFailedAsync(member, cancellationToken).ConfigureAwait(false);
                break;
            case ClusterMemberStatus.Left:
                await DeregisterAsync(member, "left", cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    /// <summary>Consul agents of this datacenter (clients, and servers outside network segments).</summary>
    private bool ShouldHandle(ClusterMember m) =>
        (m.Tag("role") == "node" || (m.Tag("role") == "consul" && string.IsNullOrEmpty(m.Tag("segment"))))
        && m.Datacenter == Options.Datacenter;

    private async Task HandleAliveAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var service = member.IsServer ? ConsulService(member) : null;
        var snap = server.State.Current;
        var node = snap.GetNode(member.Name).Value;
        var address = member.Address.ToString();
        if (node is not null && node.Address == address)
        {
            var serviceMatches = service is null
                || (snap.GetNodeService(member.Name, "consul").Value is { } existing && SameMeta(existing.Meta, service.Meta) && existing.Port == service.Port);
            if (serviceMatches && snap.GetCheck(member.Name, SerfCheckId).Value is { Status: HealthStatus.Passing })
            {
                return;
            }
        }

        Log.MemberAlive(log, member.Name);
        var registration = new CatalogRegistration
        {
            Node = new Node
            {
                Name = member.Name,
                Id = member.NodeId ?? "",
                Address = address,
                Datacenter = Options.Datacenter,
                TaggedAddresses = node?.TaggedAddresses ?? new Dictionary<string, string>(),
                Meta = node?.Meta ?? new Dictionary<string, string>(),
            },
            Service = service,
            Checks = [SerfCheck(member.Name, HealthStatus.Passing, AliveOutput)],
        };
        await server.ApplyAsync(CommandCodec.Register(registration), cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleFailedAsync(ClusterMember member, CancellationToken cancellationToken)
    {
        var snap = server.State.Current;
        var node = snap.GetNode(member.Name).Value;
        if (node is null)
        {
            Log.FailedNotInCatalog(log, member.Name);
            return;
        }

        var address = member.Address.ToString();
        if (node.Address == address && snap.GetCheck(member.Name, SerfCheckId).Value is { Status: HealthStatus.Critical })
        {
            return;
        }

        Log.MemberFailed(log, member.Name);
        var registration = new CatalogRegistration
        {
            Node = new Node { Name = member.Name, Id = member.NodeId ?? "", Address = address, Datacenter = Options.Datacenter },
            Checks = [SerfCheck(member.Name, HealthStatus.Critical, FailedOutput)],
            SkipNodeUpdate = true,
        };
        await server.ApplyAsync(CommandCodec.Register(registration), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeregisterAsync(ClusterMember member, string reason, CancellationToken cancellationToken)
    {
        if (server.State.Current.GetNode(member.Name).Value is null)
        {
            return;
        }

        Log.Deregistering(log, member.Name, reason);
        await server.ApplyAsync(CommandCodec.Deregister(new DeregisterCommand { Node = member.Name }), cancellationToken).ConfigureAwait(false);
    }

    private static HealthCheck SerfCheck(string node, string status, string output) => new()
    {
        Node = node,
        CheckId = SerfCheckId,
        Name = SerfCheckName,
        Status = status,
        Output = output,
    };

    /// <summary>The <c>consul</c> service of a server member, with Consul's meta from its gossip tags.</summary>
    internal static ServiceInstance ConsulService(ClusterMember member) => new()
    {
        Node = member.Name,
        Id = "consul",
        Name = "consul",
        Port = member.ServerPort ?? 0,
        Weights = new ServiceWeights(1, 1),
        Meta = new Dictionary<string, string>
        {
            ["non_voter"] = member.Tag("nonvoter") == "1" ? "true" : "false",
            ["raft_version"] = member.Tag("raft_vsn") ?? "3",
            ["read_replica"] = member.Tag("read_replica") == "1" ? "true" : "false",
            ["serf_protocol_current"] = "2",
            ["serf_protocol_max"] = "5",
            ["serf_protocol_min"] = "1",
            ["version"] = (member.Tag("build") ?? "").Split(':')[0],
        },
    };

    private static bool SameMeta(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
