using System.Collections.Immutable;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

/// <summary>
/// All tables of one state version. A published instance is never mutated; a write transaction works on a
/// <see cref="Clone"/> whose fields it replaces with new persistent maps.
/// </summary>
internal sealed class Tables
{
    public static readonly Tables Empty = new();

    /// <summary>Key -> entry.</summary>
    public PersistentMap<KvEntry> Kvs = PersistentMap<KvEntry>.Empty;

    /// <summary>Key (or delete-tree prefix) -> tombstone.</summary>
    public PersistentMap<Tombstone> Tombstones = PersistentMap<Tombstone>.Empty;

    /// <summary>lower(session) NUL key -> key: the keys each session holds.</summary>
    public PersistentMap<string> KvsBySession = PersistentMap<string>.Empty;

    /// <summary>lower(node) -> node.</summary>
    public PersistentMap<Node> Nodes = PersistentMap<Node>.Empty;

    /// <summary>lower(node id) -> node name.</summary>
    public PersistentMap<string> NodeIds = PersistentMap<string>.Empty;

    /// <summary>lower(node) NUL lower(service id) -> instance.</summary>
    public PersistentMap<ServiceInstance> Services = PersistentMap<ServiceInstance>.Empty;

    /// <summary>lower(service name) -> (lower(node) NUL lower(service id) -> instance).</summary>
    public PersistentMap<PersistentMap<ServiceInstance>> ServicesByName = PersistentMap<PersistentMap<ServiceInstance>>.Empty;

    /// <summary>lower(node) NUL lower(check id) -> check.</summary>
    public PersistentMap<HealthCheck> Checks = PersistentMap<HealthCheck>.Empty;

    /// <summary>lower(id) -> session.</summary>
    public PersistentMap<Session> Sessions = PersistentMap<Session>.Empty;

    /// <summary>lower(node) NUL lower(session id) -> session id.</summary>
    public PersistentMap<string> SessionsByNode = PersistentMap<string>.Empty;

    /// <summary>lower(node) NUL lower(check id) NUL lower(session) -> link.</summary>
    public PersistentMap<SessionCheck> SessionChecks = PersistentMap<SessionCheck>.Empty;

    /// <summary>lower(node) NUL segment -> coordinate.</summary>
    public PersistentMap<Coordinate> Coordinates = PersistentMap<Coordinate>.Empty;

    /// <summary>lower(id) -> query.</summary>
    public PersistentMap<PreparedQuery> PreparedQueries = PersistentMap<PreparedQuery>.Empty;

    /// <summary>lower(service name) -> last index anything about that service changed (Consul "service.NAME").</summary>
    public ImmutableDictionary<string, ulong> ServiceIndexes = ImmutableDictionary<string, ulong>.Empty;

    /// <summary>Index at which the last instance of some service was removed (Consul "service_last_extinction").</summary>
    public ulong ServiceLastExtinction;

    /// <summary>The autopilot configuration (Consul's "autopilot-config" table: one row or none).</summary>
    public AutopilotConfig? Autopilot;

    public ulong AutopilotIndex;

    /// <summary>lower(accessor id) -> ACL token.</summary>
    public PersistentMap<AclToken> AclTokens = PersistentMap<AclToken>.Empty;

    /// <summary>secret id -> lower(accessor id).</summary>
    public PersistentMap<string> AclTokenSecrets = PersistentMap<string>.Empty;

    /// <summary>lower(policy id) -> ACL policy.</summary>
    public PersistentMap<AclPolicy> AclPolicies = PersistentMap<AclPolicy>.Empty;

    /// <summary>lower(policy name) -> lower(policy id).</summary>
    public PersistentMap<string> AclPolicyNames = PersistentMap<string>.Empty;

    /// <summary>lower(role id) -> ACL role.</summary>
    public PersistentMap<AclRole> AclRoles = PersistentMap<AclRole>.Empty;

    /// <summary>lower(role name) -> lower(role id).</summary>
    public PersistentMap<string> AclRoleNames = PersistentMap<string>.Empty;

    public ulong AclTokensIndex;
    public ulong AclPoliciesIndex;
    public ulong AclRolesIndex;

    /// <summary>Index of the ACL bootstrap (Consul's "acl-token-bootstrap" index entry); 0 = never bootstrapped.</summary>
    public ulong AclBootstrapIndex;

    public ulong NodesIndex;
    public ulong ServicesIndex;
    public ulong ChecksIndex;
    public ulong KvsIndex;
    public ulong TombstonesIndex;
    public ulong SessionsIndex;
    public ulong SessionChecksIndex;
    public ulong CoordinatesIndex;
    public ulong PreparedQueriesIndex;

    /// <summary>Highest raft index applied to this version.</summary>
    public ulong LastIndex;

    public Tables Clone() => (Tables)MemberwiseClone();

    public ulong KvsMaxIndex => Math.Max(KvsIndex, TombstonesIndex);

    public ulong TableIndex(string table) => table switch
    {
        StateTable.Nodes => NodesIndex,
        StateTable.Services => ServicesIndex,
        StateTable.Checks => ChecksIndex,
        StateTable.Kvs => KvsIndex,
        StateTable.Tombstones => TombstonesIndex,
        StateTable.Sessions => SessionsIndex,
        StateTable.SessionChecks => SessionChecksIndex,
        StateTable.Coordinates => CoordinatesIndex,
        StateTable.PreparedQueries => PreparedQueriesIndex,
        StateTable.Autopilot => AutopilotIndex,
        StateTable.AclTokens => AclTokensIndex,
        StateTable.AclPolicies => AclPoliciesIndex,
        StateTable.AclRoles => AclRolesIndex,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Unknown table."),
    };
}
