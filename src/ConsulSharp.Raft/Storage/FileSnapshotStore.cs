using System.Buffers.Binary;
using System.Globalization;

namespace ConsulSharp.Raft.Storage;

/// <summary>
/// Snapshots as files <c>&lt;term&gt;-&lt;index&gt;-&lt;n&gt;.snap</c>: header ("CSRS", version u32, index u64, term u64,
/// configuration length u32, configuration), the state machine's bytes, trailer (data length u64, CRC-32C of the data u32,
/// "CSRE"). Written to a <c>.tmp</c> file, fsynced, renamed, directory fsynced; the newest <c>retain</c> are kept.
/// </summary>
public sealed class FileSnapshotStore : ISnapshotStore
{
    private const uint Magic = 0x53525343; // "CSRS"
    private const uint EndMagic = 0x45525343; // "CSRE"
    private const uint FormatVersion = 1;
    private const int TrailerSize = 16;

    private readonly string _dir;
    private readonly int _retain;
    private readonly Lock _lock = new();
    private long _counter;

    public FileSnapshotStore(string directory, int retain = 2)
    {
        _dir = directory;
        _retain = Math.Max(1, retain);
        Directory.CreateDirectory(directory);
        foreach (var tmp in Directory.GetFiles(directory, "*.tmp"))
        {
            File.Delete(tmp);
        }
    }

    public ISnapshotSink Create(ulong index, ulong term, RaftConfiguration configuration)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{term}-{index}-{Environment.TickCount64}{Interlocked.Increment(ref _counter)}");
        return new Sink(this, id, index, term, configuration);
    }

    public IReadOnlyList<SnapshotMetadata> List()
    {
        var result = new List<SnapshotMetadata>();
        foreach (var path in Directory.GetFiles(_dir, "*.snap"))
        {
            try
            {
                result.Add(ReadMetadata(path, out _));
            }
            catch (RaftStorageCorruptException)
            {
                // A damaged snapshot is skipped; an older one (or the log) is used instead.
            }
            catch (FileNotFoundException)
            {
                // Removed by retention while we listed.
            }
        }

        return [.. result.OrderByDescending(m => m.Index).ThenByDescending(m => m.Term)];
    }

    public Stream Open(string id, out SnapshotMetadata metadata)
    {
        var path = Path.Combine(_dir, id + ".snap");
        metadata = ReadMetadata(path, out var dataStart);
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            // Verify the checksum before anyone restores from it.
            fs.Position = dataStart;
            var crc = 0xFFFFFFFFu;
            var buf = new byte[1 << 16];
            var remaining = metadata.Size;
            while (remaining > 0)
            {
                var n = fs.Read(buf, 0, (int)Math.Min(buf.Length, remaining));
                if (n == 0)
                {
                    throw new RaftStorageCorruptException(path, fs.Position, "snapshot data is truncated");
                }

                crc = Crc32C.Update(crc, buf.AsSpan(0, n));
                remaining -= n;
            }

            var trailer = new byte[TrailerSize];
            fs.ReadExactly(trailer);
            if (~crc != BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(8)))
            {
                throw new RaftStorageCorruptException(path, dataStart, "snapshot checksum mismatch");
            }

            fs.Position = dataStart;
            return new BoundedStream(fs, metadata.Size);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    private static SnapshotMetadata ReadMetadata(string path, out long dataStart)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var head = new byte[28];
        if (fs.Length < head.Length + TrailerSize)
        {
            throw new RaftStorageCorruptException(path, 0, "snapshot file is too short");
        }

        fs.ReadExactly(head);
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4)) != FormatVersion)
        {
            throw new RaftStorageCorruptException(path, 0, "bad snapshot header");
        }

        var index = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(8));
        var term = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(16));
        var cfgLen = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(24));
        if (cfgLen < 0 || cfgLen > fs.Length)
        {
            throw new RaftStorageCorruptException(path, 24, "bad configuration length");
        }

        var cfg = new byte[cfgLen];
        fs.ReadExactly(cfg);
        dataStart = fs.Position;
        var trailer = new byte[TrailerSize];
        fs.Position = fs.Length - TrailerSize;
        fs.ReadExactly(trailer);
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(trailer);
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(12)) != EndMagic || dataStart + size + TrailerSize != fs.Length)
        {
            throw new RaftStorageCorruptException(path, fs.Length - TrailerSize, "bad snapshot trailer");
        }

        RaftConfiguration config;
        try
        {
            config = RaftConfiguration.Decode(cfg);
        }
        catch (Exception ex) when (ex is InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            throw new RaftStorageCorruptException($"raft storage corrupt: {path}: bad configuration", ex);
        }

        return new SnapshotMetadata(Path.GetFileNameWithoutExtension(path), index, term, config, size);
    }

    private void Retain()
    {
        lock (_lock)
        {
            var all = List();
            foreach (var old in all.Skip(_retain))
            {
                File.Delete(Path.Combine(_dir, old.Id + ".snap"));
            }
        }
    }

    private sealed class Sink : ISnapshotSink
    {
        private readonly FileSnapshotStore _store;
        private readonly ulong _index;
        private readonly ulong _term;
        private readonly RaftConfiguration _configuration;
        private readonly string _tmp;
        private readonly FileStream _file;
        private readonly ChecksumStream _stream;
        private readonly long _dataStart;
        private bool _done;

        public Sink(FileSnapshotStore store, string id, ulong index, ulong term, RaftConfiguration configuration)
        {
            _store = store;
            Id = id;
            _index = index;
            _term = term;
            _configuration = configuration;
            _tmp = Path.Combine(store._dir, id + ".tmp");
            _file = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            var cfg = configuration.Encode();
            var head = new byte[28];
            BinaryPrimitives.WriteUInt32LittleEndian(head, Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), FormatVersion);
            BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(8), index);
            BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(16), term);
            BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(24), cfg.Length);
            _file.Write(head);
            _file.Write(cfg);
            _dataStart = _file.Position;
            _stream = new ChecksumStream(_file);
        }

        public string Id { get; }

        public Stream Stream => _stream;

        public void FlushToDisk() => _file.Flush(flushToDisk: true);

        public SnapshotMetadata Commit()
        {
            var size = _file.Position - _dataStart;
            var trailer = new byte[TrailerSize];
            BinaryPrimitives.WriteUInt64LittleEndian(trailer, (ulong)size);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(8), _stream.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(12), EndMagic);
            _file.Write(trailer);
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(_tmp, Path.Combine(_store._dir, Id + ".snap"));
            NativeMethods.FsyncDirectory(_store._dir);
            _done = true;
            _store.Retain();
            return new SnapshotMetadata(Id, _index, _term, _configuration, size);
        }

        public void Dispose()
        {
            if (!_done)
            {
                _file.Dispose();
                File.Delete(_tmp);
                _done = true;
            }
        }
    }
}
