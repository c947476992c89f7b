namespace ConsulSharp.Raft.Storage;

/// <summary>One segment file of <see cref="FileLogStore"/> and the offsets of its records.</summary>
internal sealed class LogSegment(string path, ulong firstIndex, ulong prevTerm)
{
    public string Path { get; } = path;

    public ulong FirstIndex { get; } = firstIndex;

    public ulong PrevTerm { get; } = prevTerm;

    /// <summary>Byte offset of each record; record i holds index <see cref="FirstIndex"/> + i.</summary>
    public List<long> Offsets { get; } = [];

    public long Length { get; set; }

    public ulong LastTerm { get; set; }

    public ulong LastIndex => FirstIndex + (ulong)Offsets.Count - 1;

    public int Count => Offsets.Count;
}
