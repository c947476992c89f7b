using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    /// <summary>
    /// Consul txnDispatch: runs every op (even after a failure, to report all errors), collecting results and errors
    /// with Consul's texts. The caller commits only when there are no errors.
    /// </summary>
    public TxnResponse ApplyTxn(IReadOnlyList<TxnOp> ops)
    {
        var results = new List<TxnResult>(ops.Count);
        var errors = new List<TxnError>();
        for (var i = 0; i < ops.Count; i++)
        {
            try
            {
                switch (ops[i])
                {
                    case TxnKvOp kv:
                        TxnKv(kv, results);
                        break;
                    case TxnNodeOp n:
                        TxnNode(n, results);
                        break;
                    case TxnServiceOp s:
                        TxnService(s, results);
                        break;
                    case TxnCheckOp c:
                        TxnCheck(c, results);
                        break;
                    case TxnSessionOp s:
                        if (!DeleteSession(s.SessionId))
                        {
                            throw Error("failed to delete session: failed deleting session: not found");
                        }

                        break;
                    default:
                        throw Error("no operation specified");
                }
            }
            catch (StateStoreException ex)
            {
                errors.Add(new TxnError(i, ex.Message));
            }
        }

        return errors.Count > 0 ? new TxnResponse([], errors) : new TxnResponse(results, []);
    }

    private StateSnapshot View() => new(T, -1);

    private void TxnKv(TxnKvOp op, List<TxnResult> results)
    {
        var d = op.Entry;
        KvEntry? entry = null;
        switch (op.Verb)
        {
            case TxnKvVerb.Set:
                entry = KvSet(d, updateSession: false);
                break;
            case TxnKvVerb.Delete:
                KvDelete(d.Key);
                break;
            case TxnKvVerb.DeleteCas:
                if (!KvDeleteCas(d.Key, d.ModifyIndex))
                {
                    throw Error($"failed to delete key {Quote(d.Key)}, index is stale");
                }

                break;
            case TxnKvVerb.DeleteTree:
                KvDeleteTree(d.Key);
                break;
            case TxnKvVerb.Cas:
                entry = KvSetCas(d) ?? throw Error($"failed to set key {Quote(d.Key)}, index is stale");
                break;
            case TxnKvVerb.Lock:
                entry = KvLock(d) ?? throw Error($"failed to lock key {Quote(d.Key)}, lock is already held");
                break;
            case TxnKvVerb.Unlock:
                entry = KvUnlock(d) ?? throw Error($"failed to unlock key {Quote(d.Key)}, lock isn't held, or is held by another session");
                break;
            case TxnKvVerb.Get:
                entry = T.Kvs.Get(d.Key) ?? throw Error($"key {Quote(d.Key)} doesn't exist");
                results.Add(new TxnResult { Kv = entry });
                return;
            case TxnKvVerb.GetOrEmpty:
                entry = T.Kvs.Get(d.Key) ?? d with { Value = null };
                results.Add(new TxnResult { Kv = entry });
                return;
            case TxnKvVerb.GetTree:
                foreach (var e in View().KvList(d.Key).Value)
                {
                    results.Add(new TxnResult { Kv = e });
                }

                return;
            case TxnKvVerb.CheckSession:
                {
                    var e = T.Kvs.Get(d.Key) ?? throw Error($"failed to check session, key {Quote(d.Key)} doesn't exist");
                    if (e.Session != d.Session)
                    {
                        throw Error($"failed session check for key {Quote(d.Key)}, current session {Quote(e.Session)} != {Quote(d.Session)}");
                    }

                    entry = e;
                    break;
                }

            case TxnKvVerb.CheckIndex:
                {
                    var e = T.Kvs.Get(d.Key) ?? throw Error($"failed to check index, key {Quote(d.Key)} doesn't exist");
                    if (e.ModifyIndex != d.ModifyIndex)
                    {
                        throw Error($"failed index check for key {Quote(d.Key)}, current modify index {e.ModifyIndex} != {d.ModifyIndex}");
                    }

                    entry = e;
                    break;
                }

            case TxnKvVerb.CheckNotExists:
                if (T.Kvs.Get(d.Key) is not null)
                {
                    throw Error($"key {Quote(d.Key)} exists");
                }

                break;
            default:
                throw Error($"unknown KV verb {Quote(op.Verb.ToString())}");
        }

        if (entry is not null)
        {
            // Writes and checks return the entry without its value, as Consul does.
            results.Add(new TxnResult { Kv = entry with { Value = null } });
        }
    }

    private void TxnNode(TxnNodeOp op, List<TxnResult> results)
    {
        var n = op.Node;
        Node? entry;
        switch (op.Verb)
        {
            case TxnCatalogVerb.Get:
                entry = (n.Id.Length > 0 && T.NodeIds.Get(Keys.Lower(n.Id)) is { } name ? T.Nodes.Get(name) : T.Nodes.Get(Keys.Lower(n.Name)))
                    ?? throw Error($"node {Quote(n.Name)} doesn't exist");
                break;
            case TxnCatalogVerb.Set:
                entry = EnsureNode(n);
                break;
            case TxnCatalogVerb.Cas:
                entry = EnsureNodeCas(n) ?? throw Error($"failed to set node {Quote(n.Name)}, index is stale");
                break;
            case TxnCatalogVerb.Delete:
                DeleteNode(n.Name);
                return;
            case TxnCatalogVerb.DeleteCas:
                if (!DeleteNodeCas(n.Name, n.ModifyIndex))
                {
                    throw Error($"failed to delete node {Quote(n.Name)}, index is stale");
                }

                return;
            default:
                throw Error($"unknown Node verb {Quote(op.Verb.ToString())}");
        }

        results.Add(new TxnResult { Node = entry });
    }

    private void TxnService(TxnServiceOp op, List<TxnResult> results)
    {
        var s = op.Service;
        ServiceInstance? entry;
        switch (op.Verb)
        {
            case TxnCatalogVerb.Get:
                entry = T.Services.Get(Keys.Pair(s.Node, s.Id))
                    ?? throw Error($"service {Quote(s.Id)} on node {Quote(s.Node)} doesn't exist");
                break;
            case TxnCatalogVerb.Set:
                entry = EnsureService(s.Node, s);
                break;
            case TxnCatalogVerb.Cas:
                entry = EnsureServiceCas(s.Node, s)
                    ?? throw Error($"failed to set service {Quote(s.Id)} on node {Quote(s.Node)}, index is stale");
                break;
            case TxnCatalogVerb.Delete:
                DeleteService(s.Node, s.Id);
                return;
            case TxnCatalogVerb.DeleteCas:
                if (!DeleteServiceCas(s.Node, s.Id, s.ModifyIndex))
                {
                    throw Error($"failed to delete service {Quote(s.Id)} on node {Quote(s.Node)}, index is stale");
                }

                return;
            default:
                throw Error($"unknown Service verb {Quote(op.Verb.ToString())}");
        }

        results.Add(new TxnResult { Service = entry });
    }

    private void TxnCheck(TxnCheckOp op, List<TxnResult> results)
    {
        var c = op.Check;
        HealthCheck? entry;
        switch (op.Verb)
        {
            case TxnCatalogVerb.Get:
                entry = T.Checks.Get(Keys.Pair(c.Node, c.CheckId))
                    ?? throw Error($"check {Quote(c.CheckId)} on node {Quote(c.Node)} doesn't exist");
                break;
            case TxnCatalogVerb.Set:
                entry = EnsureCheck(c);
                break;
            case TxnCatalogVerb.Cas:
                entry = EnsureCheckCas(c)
                    ?? throw Error($"failed to set check {Quote(c.CheckId)} on node {Quote(c.Node)}, index is stale");
                break;
            case TxnCatalogVerb.Delete:
                DeleteCheck(c.Node, c.CheckId);
                return;
            case TxnCatalogVerb.DeleteCas:
                if (!DeleteCheckCas(c.Node, c.CheckId, c.ModifyIndex))
                {
                    throw Error($"failed to delete check {Quote(c.CheckId)} on node {Quote(c.Node)}, index is stale");
                }

                return;
            default:
                throw Error($"unknown Check verb {Quote(op.Verb.ToString())}");
        }

        results.Add(new TxnResult { Check = entry });
    }
}
