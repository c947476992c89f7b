using System.Buffers.Binary;
using System.Text;

namespace ConsulSharp.Raft.Storage;

/// <summary>
/// Term and vote in one small file, replaced atomically: write <c>stable.tmp</c>, fsync, rename over <c>stable.bin</c>,
/// fsync the directory. Format (little endian): "CSRT", version u32, term u64, vote length u16, vote UTF-8, CRC-32C u32.
/// </summary>
public sealed class FileStableStore : IStableStore
{
    private const uint Magic = 0x54525343; // "CSRT"
    private const uint Version = 1;
    private readonly string _dir;
    private readonly string _path;

    public FileStableStore(string directory)
    {
        _dir = directory;
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "stable.bin");
    }

    public (ulong Term, string? VotedFor) Load()
    {
        if (!File.Exists(_path))
        {
            return (0, null);
        }

        var data = File.ReadAllBytes(_path);
        if (data.Length < 22 || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            throw new RaftStorageCorruptException(_path, 0, "bad stable-store header");
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4));
        if (Crc32C.Compute(data.AsSpan(0, data.Length - 4)) != crc)
        {
            throw new RaftStorageCorruptException(_path, data.Length - 4, "stable-store checksum mismatch");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        if (version != Version)
        {
            throw new RaftStorageCorruptException(_path, 4, $"unsupported stable-store version {version}");
        }

        var term = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(8));
        var len = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(16));
        var vote = len == 0 ? null : Encoding.UTF8.GetString(data, 18, len);
        return (term, vote);
    }

    public void Save(ulong term, string? votedFor)
    {
        var vote = votedFor is null ? [] : Encoding.UTF8.GetBytes(votedFor);
        var buf = new byte[18 + vote.Length + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(buf, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(8), term);
        BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(16), (ushort)vote.Length);
        vote.CopyTo(buf, 18);
        BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(buf.Length - 4), Crc32C.Compute(buf.AsSpan(0, buf.Length - 4)));
        var tmp = _path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            fs.Write(buf);
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, _path, overwrite: true);
        NativeMethods.FsyncDirectory(_dir);
    }
}
