using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

public sealed partial class StateStore
{
    /// <summary>KV PUT. Keeps an existing lock holder; an unchanged entry keeps its ModifyIndex. Returns the stored entry.</summary>
    public KvEntry KvSet(ulong index, KvEntry entry) => Write(index, t => t.KvSet(entry, updateSession: false));

    /// <summary>KV PUT ?cas: entry.ModifyIndex 0 = create only, else must equal the current ModifyIndex.</summary>
    public bool KvSetCas(ulong index, KvEntry entry) => Write(index, t => t.KvSetCas(entry) is not null);

    /// <summary>KV DELETE of one key (leaves a tombstone when the key existed).</summary>
    public void KvDelete(ulong index, string key) => Write(index, t => t.KvDelete(key));

    /// <summary>KV DELETE ?cas: true when deleted or already absent.</summary>
    public bool KvDeleteCas(ulong index, string key, ulong casIndex) => Write(index, t => t.KvDeleteCas(key, casIndex));

    /// <summary>KV DELETE ?recurse: every key under the prefix, one tombstone for the prefix.</summary>
    public void KvDeleteTree(ulong index, string prefix) => Write(index, t => t.KvDeleteTree(prefix));

    /// <summary>
    /// KV PUT ?acquire. False when another session holds the key, or when <paramref name="now"/> is given and the key is
    /// still under a lock delay (Consul checks that on the leader before proposing; pass null when replaying the log).
    /// Throws for a missing or unknown session.
    /// </summary>
    public bool KvLock(ulong index, KvEntry entry, DateTimeOffset? now = null)
    {
        if (now is { } n && KvLockDelayExpiration(entry.Key) > n)
        {
            return false;
        }

        return Write(index, t => t.KvLock(entry) is not null);
    }

    /// <summary>KV PUT ?release: false unless the session holds the key.</summary>
    public bool KvUnlock(ulong index, KvEntry entry) => Write(index, t => t.KvUnlock(entry) is not null);

    /// <summary>Drops tombstones with Index at or below <paramref name="upTo"/>.</summary>
    public void ReapTombstones(ulong index, ulong upTo) => Write(index, t => t.ReapTombstones(upTo));

    /// <summary>Catalog register: node (only written if changed), optional service, checks.</summary>
    public void Register(ulong index, CatalogRegistration registration) => Write(index, t => t.Register(registration));

    public Node EnsureNode(ulong index, Node node) => Write(index, t => t.EnsureNode(node));

    public ServiceInstance EnsureService(ulong index, string nodeName, ServiceInstance service) =>
        Write(index, t => t.EnsureService(nodeName, service));

    public HealthCheck EnsureCheck(ulong index, HealthCheck check) => Write(index, t => t.EnsureCheck(check));

    /// <summary>Catalog deregister of a node: its services, checks, coordinates and sessions too.</summary>
    public void DeregisterNode(ulong index, string nodeName) => Write(index, t => t.DeleteNode(nodeName));

    /// <summary>Catalog deregister of a service and its checks.</summary>
    public void DeregisterService(ulong index, string nodeName, string serviceId) =>
        Write(index, t => t.DeleteService(nodeName, serviceId));

    public void DeregisterCheck(ulong index, string nodeName, string checkId) =>
        Write(index, t => t.DeleteCheck(nodeName, checkId));

    /// <summary>Session create; the caller supplies a fresh id (and Consul's default serfHealth node check).</summary>
    public Session SessionCreate(ulong index, Session session) => Write(index, t => t.CreateSession(session));

    /// <summary>Session destroy: releases or deletes held keys per behavior and starts their lock delay.</summary>
    public void SessionDestroy(ulong index, string sessionId) => Write(index, t => t.DeleteSession(sessionId));

    public void CoordinateBatchUpdate(ulong index, IEnumerable<Coordinate> updates) => Write(index, t => t.UpdateCoordinates(updates));

    public PreparedQuery PreparedQuerySet(ulong index, PreparedQuery query) => Write(index, t => t.SetPreparedQuery(query));

    public void PreparedQueryDelete(ulong index, string id) => Write(index, t => t.DeletePreparedQuery(id));

    /// <summary>
    /// A transaction: all ops apply at <paramref name="index"/> or none does. Errors carry the op index and Consul's text.
    /// </summary>
    public TxnResponse Txn(ulong index, IReadOnlyList<TxnOp> ops)
    {
        lock (_writeLock)
        {
            _changes.Clear();
            var txn = new Internal.WriteTxn(_current.Tables, index, _changes);
            var response = txn.ApplyTxn(ops);
            if (response.Succeeded)
            {
                Commit(txn.T);
            }

            return response;
        }
    }

    /// <summary>Runs read-only transaction ops (gets and checks) against a snapshot; nothing is written.</summary>
    public static TxnResponse TxnRead(StateSnapshot snapshot, IReadOnlyList<TxnOp> ops)
    {
        var txn = new Internal.WriteTxn(snapshot.Tables, snapshot.LastIndex, new Internal.ChangeSet());
        return txn.ApplyTxn(ops);
    }
}
