using ConsulSharp.Raft;

namespace ConsulSharp.Bench.Raft;

/// <summary>Cheapest useful state machine: counts commands and bytes.</summary>
internal sealed class CounterStateMachine : IStateMachine
{
    private long _count;
    private long _bytes;

    public object? Apply(ulong index, ulong term, ReadOnlyMemory<byte> command)
    {
        _count++;
        _bytes += command.Length;
        return null;
    }

    public IStateMachineSnapshot CreateSnapshot() => new Snapshot(_count, _bytes);

    public void Restore(Stream snapshot)
    {
        var buf = new byte[16];
        snapshot.ReadExactly(buf);
        _count = BitConverter.ToInt64(buf, 0);
        _bytes = BitConverter.ToInt64(buf, 8);
    }

    private sealed class Snapshot(long count, long bytes) : IStateMachineSnapshot
    {
        public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
        {
            var buf = new byte[16];
            BitConverter.TryWriteBytes(buf.AsSpan(0, 8), count);
            BitConverter.TryWriteBytes(buf.AsSpan(8, 8), bytes);
            await destination.WriteAsync(buf, cancellationToken);
        }

        public void Dispose()
        {
        }
    }
}
