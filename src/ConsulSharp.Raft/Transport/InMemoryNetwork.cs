using System.Collections.Concurrent;

namespace ConsulSharp.Raft.Transport;

/// <summary>Connects <see cref="InMemoryTransport"/>s in one process; links can be cut for tests.</summary>
public sealed class InMemoryNetwork
{
    private readonly ConcurrentDictionary<string, InMemoryTransport> _nodes = new();
    private readonly ConcurrentDictionary<(string From, string To), bool> _cut = new();

    public InMemoryTransport CreateTransport(string address)
    {
        var t = new InMemoryTransport(this, address);
        _nodes[address] = t;
        return t;
    }

    /// <summary>Blocks (or restores) traffic in both directions between two addresses.</summary>
    public void SetConnected(string a, string b, bool connected)
    {
        if (connected)
        {
            _cut.TryRemove((a, b), out _);
            _cut.TryRemove((b, a), out _);
        }
        else
        {
            _cut[(a, b)] = true;
            _cut[(b, a)] = true;
        }
    }

    /// <summary>Cuts (or restores) every link of <paramref name="address"/>.</summary>
    public void Isolate(string address, bool isolated)
    {
        foreach (var other in _nodes.Keys)
        {
            if (other != address)
            {
                SetConnected(address, other, !isolated);
            }
        }
    }

    internal void Remove(string address) => _nodes.TryRemove(address, out _);

    internal InMemoryTransport? Route(string from, string to) =>
        _cut.ContainsKey((from, to)) ? null : _nodes.GetValueOrDefault(to);
}
