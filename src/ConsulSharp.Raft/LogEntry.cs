namespace ConsulSharp.Raft;

/// <summary>One entry of the replicated log. Immutable.</summary>
public sealed class LogEntry(ulong index, ulong term, LogEntryType type, ReadOnlyMemory<byte> data)
{
    public ulong Index { get; } = index;

    public ulong Term { get; } = term;

    public LogEntryType Type { get; } = type;

    public ReadOnlyMemory<byte> Data { get; } = data;

    public override string ToString() => $"{Index}/{Term} {Type} ({Data.Length} B)";
}
