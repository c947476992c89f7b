namespace ConsulSharp.Server.Fsm;

/// <summary>
/// The type byte of every replicated command. Persisted in the Raft log and snapshots: values are append-only, never
/// renumbered or reused (a stability test freezes them). Numbers follow Consul's <c>structs.MessageType</c>.
/// </summary>
public enum MessageType : byte
{
    Register = 0,
    Deregister = 1,
    Kvs = 2,
    Session = 3,
    Tombstone = 5,
    CoordinateBatchUpdate = 6,
    PreparedQuery = 7,
    Txn = 8,
    Autopilot = 9,
    AclBootstrap = 11,
    AclTokenSet = 17,
    AclTokenDelete = 18,
    AclPolicySet = 19,
    AclPolicyDelete = 20,
    AclRoleSet = 23,
    AclRoleDelete = 24,
}
