using ConsulSharp.Core.Structs;
using ConsulSharp.State.Internal;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    public QueryResult<Session?> GetSession(string id, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Session(id));
        return new(Tables.SessionsIndex, Tables.Sessions.Get(Keys.Lower(id)));
    }

    /// <summary>All sessions in id order.</summary>
    public QueryResult<IReadOnlyList<Session>> Sessions(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Sessions));
        var list = new List<Session>(Tables.Sessions.Count);
        foreach (var s in Tables.Sessions)
        {
            list.Add(s.Value);
        }

        return new(Tables.SessionsIndex, list);
    }

    public QueryResult<IReadOnlyList<Session>> NodeSessions(string nodeName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.NodeSessions(nodeName));
        var list = new List<Session>();
        foreach (var link in Tables.SessionsByNode.WithPrefix(Keys.PairPrefix(nodeName)))
        {
            if (Tables.Sessions.Get(Keys.Lower(link.Value)) is { } s)
            {
                list.Add(s);
            }
        }

        return new(Tables.SessionsIndex, list);
    }

    /// <summary>The keys a session currently holds, in key order.</summary>
    public IReadOnlyList<string> SessionKeys(string id)
    {
        var list = new List<string>();
        foreach (var link in Tables.KvsBySession.WithPrefix(Keys.Lower(id) + "\0"))
        {
            list.Add(link.Value);
        }

        return list;
    }

    /// <summary>Session-check links in (node, check, session) order.</summary>
    public IReadOnlyList<SessionCheck> SessionChecks()
    {
        var list = new List<SessionCheck>(Tables.SessionChecks.Count);
        foreach (var l in Tables.SessionChecks)
        {
            list.Add(l.Value);
        }

        return list;
    }

    public QueryResult<IReadOnlyList<Coordinate>> Coordinates(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Coordinates));
        var list = new List<Coordinate>(Tables.Coordinates.Count);
        foreach (var c in Tables.Coordinates)
        {
            list.Add(c.Value);
        }

        return new(Tables.CoordinatesIndex, list);
    }

    /// <summary>A node's coordinates, one per segment.</summary>
    public QueryResult<IReadOnlyList<Coordinate>> NodeCoordinates(string nodeName, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.Coordinates));
        var list = new List<Coordinate>();
        foreach (var c in Tables.Coordinates.WithPrefix(Keys.PairPrefix(nodeName)))
        {
            list.Add(c.Value);
        }

        return new(Tables.CoordinatesIndex, list);
    }

    public QueryResult<PreparedQuery?> GetPreparedQuery(string id, WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.PreparedQueries));
        return new(Tables.PreparedQueriesIndex, Tables.PreparedQueries.Get(Keys.Lower(id)));
    }

    public QueryResult<IReadOnlyList<PreparedQuery>> PreparedQueries(WatchSet? ws = null)
    {
        Watch(ws, WatchKey.Table(StateTable.PreparedQueries));
        var list = new List<PreparedQuery>(Tables.PreparedQueries.Count);
        foreach (var q in Tables.PreparedQueries)
        {
            list.Add(q.Value);
        }

        return new(Tables.PreparedQueriesIndex, list);
    }
}
