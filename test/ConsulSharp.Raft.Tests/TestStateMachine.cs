using System.Text;
using ConsulSharp.Raft;

namespace ConsulSharp.Raft.Tests;

/// <summary>Appends every command to a list; responds with the list length. Snapshots are newline-separated.</summary>
internal sealed class TestStateMachine : IStateMachine
{
    private readonly Lock _lock = new();
    private List<string> _items = [];

    public ulong LastIndex { get; private set; }

    public int Restores { get; private set; }

    public IReadOnlyList<string> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public object? Apply(ulong index, ulong term, ReadOnlyMemory<byte> command)
    {
        lock (_lock)
        {
            _items.Add(Encoding.UTF8.GetString(command.Span));
            LastIndex = index;
            return _items.Count;
        }
    }

    public IStateMachineSnapshot CreateSnapshot()
    {
        lock (_lock)
        {
            return new Snapshot([.. _items]);
        }
    }

    public void Restore(Stream snapshot)
    {
        using var reader = new StreamReader(snapshot, Encoding.UTF8);
        var text = reader.ReadToEnd();
        lock (_lock)
        {
            _items = text.Length == 0 ? [] : [.. text.Split('\n')];
            Restores++;
        }
    }

    private sealed class Snapshot(List<string> items) : IStateMachineSnapshot
    {
        public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join('\n', items));
            await destination.WriteAsync(bytes, cancellationToken);
        }

        public void Dispose()
        {
        }
    }
}
