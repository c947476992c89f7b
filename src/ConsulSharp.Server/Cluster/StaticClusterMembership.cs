namespace ConsulSharp.Server.Cluster;

/// <summary>A membership view set by hand: one agent alone, or a fixed peer list in tests.</summary>
public sealed class StaticClusterMembership : IClusterMembership
{
    private volatile IReadOnlyList<ClusterMember> _lan;
    private volatile IReadOnlyList<ClusterMember> _wan;

    public StaticClusterMembership(IReadOnlyList<ClusterMember>? lan = null, IReadOnlyList<ClusterMember>? wan = null)
    {
        _lan = lan ?? [];
        _wan = wan ?? [];
    }

    public event Action<ClusterMember>? LanMemberChanged;

    public IReadOnlyList<ClusterMember> LanMembers() => _lan;

    public IReadOnlyList<ClusterMember> WanMembers() => _wan;

    /// <summary>Adds or replaces (by name, <c>node.dc</c>) a WAN member: tests federate datacenters with it.</summary>
    public void SetWan(ClusterMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        _wan = [.. _wan.Where(m => m.Name != member.Name), member];
    }

    /// <summary>Adds or replaces (by name) a LAN member and raises <see cref="LanMemberChanged"/>.</summary>
    public void SetLan(ClusterMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        _lan = [.. _lan.Where(m => m.Name != member.Name), member];
        LanMemberChanged?.Invoke(member);
    }
}
