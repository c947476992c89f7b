using System.Collections.Concurrent;
using System.Net;

namespace ConsulSharp.Gossip.Transport;

/// <summary>
/// A network of <see cref="InMemoryTransport"/>s for deterministic tests: packets and streams are delivered through
/// in-process channels. Nodes can be cut off (<see cref="SetReachable"/>) to simulate crashes and partitions.
/// </summary>
internal sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<IPEndPoint, InMemoryTransport> _nodes = new();
    private readonly ConcurrentDictionary<IPEndPoint, bool> _unreachable = new();
    private readonly ConcurrentDictionary<IPEndPoint, bool> _packetsDropped = new();
    private readonly ConcurrentDictionary<(IPEndPoint From, IPEndPoint To), bool> _linksDropped = new();
    private readonly TimeProvider _time;
    private int _nextPort = 10000;

    public InMemoryNetwork(TimeProvider time)
    {
        _time = time;
    }

    public InMemoryTransport CreateTransport() => CreateTransport(new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _nextPort)));

    /// <summary>A transport on a given endpoint (e.g. a node restarting on its old port after the old one was disposed).</summary>
    public InMemoryTransport CreateTransport(IPEndPoint endpoint)
    {
        var transport = new InMemoryTransport(this, endpoint, _time);
        _nodes[endpoint] = transport;
        return transport;
    }

    /// <summary>When false, everything sent to or from <paramref name="endpoint"/> is dropped and dials fail.</summary>
    public void SetReachable(IPEndPoint endpoint, bool reachable)
    {
        if (reachable)
        {
            _unreachable.TryRemove(endpoint, out _);
        }
        else
        {
            _unreachable[endpoint] = true;
        }
    }

    /// <summary>When true, only packets (UDP) to or from <paramref name="endpoint"/> are dropped; streams still work.</summary>
    public void SetPacketsDropped(IPEndPoint endpoint, bool dropped)
    {
        if (dropped)
        {
            _packetsDropped[endpoint] = true;
        }
        else
        {
            _packetsDropped.TryRemove(endpoint, out _);
        }
    }

    /// <summary>Drops packets on the one-way link <paramref name="from"/> → <paramref name="to"/> only.</summary>
    public void SetLinkDropped(IPEndPoint from, IPEndPoint to, bool dropped)
    {
        if (dropped)
        {
            _linksDropped[(from, to)] = true;
        }
        else
        {
            _linksDropped.TryRemove((from, to), out _);
        }
    }

    internal bool PacketsDropped(IPEndPoint from, IPEndPoint to) =>
        _packetsDropped.ContainsKey(from) || _packetsDropped.ContainsKey(to) || _linksDropped.ContainsKey((from, to));

    internal void Remove(IPEndPoint endpoint) => _nodes.TryRemove(endpoint, out _);

    internal bool TryRoute(IPEndPoint from, IPEndPoint to, out InMemoryTransport? target)
    {
        target = null;
        if (_unreachable.ContainsKey(from) || _unreachable.ContainsKey(to))
        {
            return false;
        }

        return _nodes.TryGetValue(to, out target);
    }
}
