using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    /// <summary>
    /// Consul sessionCreateTxn: an id is required, the behavior defaults to release, the node must exist and every
    /// bound check must exist on it and not be critical.
    /// </summary>
    public Session CreateSession(Session session)
    {
        if (session.Id.Length == 0)
        {
            throw Error(StateErrors.MissingSessionId);
        }

        var behavior = session.Behavior switch
        {
            "" => SessionBehavior.Release,
            SessionBehavior.Release or SessionBehavior.Delete => session.Behavior,
            _ => throw Error("Invalid session behavior: " + session.Behavior),
        };

        var node = T.Nodes.Get(Keys.Lower(session.Node)) ?? throw Error(StateErrors.MissingNode);
        foreach (var checkId in session.CheckIds())
        {
            var check = T.Checks.Get(Keys.Pair(session.Node, checkId))
                ?? throw Error($"Missing check '{checkId}' registration");
            if (check.Status == HealthStatus.Critical)
            {
                throw Error($"Check '{checkId}' is in {check.Status} state");
            }
        }

        var lowerId = Keys.Lower(session.Id);
        if (T.Sessions.Get(lowerId) is not null)
        {
            // Consul's endpoint always generates a fresh id; replacing keeps the old links consistent.
            DeleteSession(session.Id);
        }

        var stored = session with { Behavior = behavior, Node = node.Name, CreateIndex = Index, ModifyIndex = Index };
        T.Sessions = T.Sessions.Set(lowerId, stored);
        T.SessionsByNode = T.SessionsByNode.Set(Keys.Pair(node.Name, session.Id), stored.Id);
        T.SessionsIndex = Index;
        var linked = false;
        foreach (var checkId in stored.CheckIds())
        {
            T.SessionChecks = T.SessionChecks.Set(
                Keys.Triple(node.Name, checkId, stored.Id),
                new SessionCheck(node.Name, checkId, stored.Id));
            linked = true;
        }

        if (linked)
        {
            T.SessionChecksIndex = Index;
        }

        TouchSession(stored);
        return stored;
    }

    private void TouchSession(Session s)
    {
        Touch(WatchKey.Table(StateTable.Sessions));
        Touch(WatchKey.Session(s.Id));
        Touch(WatchKey.NodeSessions(s.Node));
    }

    /// <summary>
    /// Consul deleteSessionTxn: a missing session is a no-op. Held keys are released (behavior release) or deleted
    /// (behavior delete) and get a lock delay (capped at 60s, recorded on commit); links and bound prepared queries go.
    /// </summary>
    public bool DeleteSession(string sessionId)
    {
        var lowerId = Keys.Lower(sessionId);
        var session = T.Sessions.Get(lowerId);
        if (session is null)
        {
            return false;
        }

        T.Sessions = T.Sessions.Remove(lowerId);
        T.SessionsByNode = T.SessionsByNode.Remove(Keys.Pair(session.Node, session.Id));
        T.SessionsIndex = Index;
        TouchSession(session);

        var delay = session.LockDelay > MaxLockDelay ? MaxLockDelay : session.LockDelay;
        var held = new List<string>();
        foreach (var link in T.KvsBySession.WithPrefix(lowerId + "\0"))
        {
            held.Add(link.Value);
        }

        foreach (var key in held)
        {
            var e = T.Kvs.Get(key)!;
            if (session.Behavior == SessionBehavior.Delete)
            {
                KvDelete(key);
            }
            else
            {
                KvSet(e with { Session = "" }, updateSession: true);
            }

            if (delay > TimeSpan.Zero)
            {
                _changes.LockDelays.Add((key, delay));
            }
        }

        var links = new List<string>();
        foreach (var checkId in session.CheckIds())
        {
            links.Add(Keys.Triple(session.Node, checkId, session.Id));
        }

        if (links.Count > 0)
        {
            foreach (var k in links)
            {
                T.SessionChecks = T.SessionChecks.Remove(k);
            }

            T.SessionChecksIndex = Index;
        }

        var queries = new List<string>();
        foreach (var q in T.PreparedQueries)
        {
            if (string.Equals(q.Value.Session, session.Id, StringComparison.OrdinalIgnoreCase))
            {
                queries.Add(q.Value.Id);
            }
        }

        foreach (var id in queries)
        {
            DeletePreparedQuery(id);
        }

        return true;
    }

    /// <summary>Consul coordinate batch update: updates for unknown nodes are dropped silently.</summary>
    public void UpdateCoordinates(IEnumerable<Coordinate> updates)
    {
        foreach (var c in updates)
        {
            if (T.Nodes.Get(Keys.Lower(c.Node)) is null)
            {
                continue;
            }

            var key = Keys.Coordinate(c.Node, c.Segment);
            var existing = T.Coordinates.Get(key);
            T.Coordinates = T.Coordinates.Set(key, c with { CreateIndex = existing?.CreateIndex ?? Index, ModifyIndex = Index });
            T.CoordinatesIndex = Index;
            Touch(WatchKey.Table(StateTable.Coordinates));
        }
    }

    /// <summary>Stores a prepared query: id required, bound session must exist, names unique.</summary>
    public PreparedQuery SetPreparedQuery(PreparedQuery query)
    {
        if (query.Id.Length == 0)
        {
            throw Error(StateErrors.MissingQueryId);
        }

        if (query.Session.Length > 0 && T.Sessions.Get(Keys.Lower(query.Session)) is null)
        {
            throw Error("invalid session " + Quote(query.Session));
        }

        if (query.Name.Length > 0)
        {
            foreach (var q in T.PreparedQueries)
            {
                if (!string.Equals(q.Value.Id, query.Id, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(q.Value.Name, query.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw Error($"name {Quote(query.Name)} aliases an existing query name");
                }
            }
        }

        var key = Keys.Lower(query.Id);
        var existing = T.PreparedQueries.Get(key);
        var stored = query with { CreateIndex = existing?.CreateIndex ?? Index, ModifyIndex = Index };
        T.PreparedQueries = T.PreparedQueries.Set(key, stored);
        T.PreparedQueriesIndex = Index;
        Touch(WatchKey.Table(StateTable.PreparedQueries));
        return stored;
    }

    /// <summary>Deletes a prepared query; a missing one is a no-op.</summary>
    public void DeletePreparedQuery(string id)
    {
        var key = Keys.Lower(id);
        if (T.PreparedQueries.Get(key) is null)
        {
            return;
        }

        T.PreparedQueries = T.PreparedQueries.Remove(key);
        T.PreparedQueriesIndex = Index;
        Touch(WatchKey.Table(StateTable.PreparedQueries));
    }
}
