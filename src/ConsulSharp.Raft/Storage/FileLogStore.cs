using System.Buffers.Binary;
using System.Globalization;

namespace ConsulSharp.Raft.Storage;

/// <summary>
/// The Raft log in segment files <c>&lt;first index, 20 digits&gt;.seg</c>. Segment header (32 bytes, little endian):
/// "CSRL", version u32, first index u64, term of the entry before it u64, reserved u32, CRC-32C of the previous 28 bytes.
/// Record: payload length u32, CRC-32C of the payload u32, payload = index u64, term u64, type u8, data.
/// Recovery truncates a torn tail of the last segment; any other damage (a bad record followed by a good one, damage in an
/// older segment) throws <see cref="RaftStorageCorruptException"/> naming the file and offset.
/// </summary>
public sealed class FileLogStore : ILogStore
{
    internal const int HeaderSize = 32;
    private const uint Magic = 0x4C525343; // "CSRL"
    private const uint FormatVersion = 1;
    private const int RecordHeader = 8;
    private const int PayloadFixed = 17;

    private readonly string _dir;
    private readonly long _segmentSize;
    private readonly List<LogSegment> _segments = [];
    private readonly List<LogEntry> _loaded = [];
    private FileStream? _active;
    private bool _dirDirty;
    private byte[] _buffer = new byte[64 * 1024];
    private long _syncCount;

    public FileLogStore(string directory, long segmentSize = 64L << 20)
    {
        _dir = directory;
        _segmentSize = segmentSize;
        Directory.CreateDirectory(directory);
        Recover();
    }

    /// <summary>Set when recovery cut a torn tail: (file, offset).</summary>
    public (string File, long Offset)? TruncatedTail { get; private set; }

    /// <summary>Number of fsyncs issued by <see cref="Sync"/> (for metrics and benchmarks).</summary>
    public long SyncCount => Interlocked.Read(ref _syncCount);

    public ulong BaseIndex => _segments.Count == 0 ? 0 : _segments[0].FirstIndex - 1;

    public ulong BaseTerm => _segments.Count == 0 ? 0 : _segments[0].PrevTerm;

    public ulong LastIndex => _segments.Count == 0 ? 0 : _segments[^1].LastIndex;

    private LogSegment Tail => _segments[^1];

    public IReadOnlyList<LogEntry> ReadAll()
    {
        var all = _loaded.ToList();
        _loaded.Clear();
        return all;
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var first = entries[0].Index;
        if (_segments.Count == 0)
        {
            StartSegment(first, first == 1 ? 0UL : throw new InvalidOperationException($"first append at {first} without a base"));
        }
        else if (first <= LastIndex)
        {
            TruncateFrom(first);
        }

        if (first != LastIndex + 1)
        {
            throw new InvalidOperationException($"log append at {first} does not continue after {LastIndex}");
        }

        var i = 0;
        while (i < entries.Count)
        {
            if (Tail.Length >= _segmentSize && Tail.Count > 0)
            {
                StartSegment(LastIndex + 1, Tail.LastTerm);
            }

            // Encode as many entries as fit in this segment into one buffer, then one write.
            var seg = Tail;
            var pos = 0;
            var start = i;
            while (i < entries.Count && (i == start || seg.Length + pos < _segmentSize))
            {
                var e = entries[i];
                var size = RecordHeader + PayloadFixed + e.Data.Length;
                EnsureBuffer(pos + size);
                var span = _buffer.AsSpan(pos, size);
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)(PayloadFixed + e.Data.Length));
                var payload = span[RecordHeader..];
                BinaryPrimitives.WriteUInt64LittleEndian(payload, e.Index);
                BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], e.Term);
                payload[16] = (byte)e.Type;
                e.Data.Span.CopyTo(payload[PayloadFixed..]);
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Crc32C.Compute(payload));
                seg.Offsets.Add(seg.Length + pos);
                seg.LastTerm = e.Term;
                pos += size;
                i++;
            }

            _active!.Position = seg.Length;
            _active.Write(_buffer, 0, pos);
            seg.Length += pos;
        }
    }

    public void Sync()
    {
        _active?.Flush(flushToDisk: true);
        Interlocked.Increment(ref _syncCount);
        if (_dirDirty)
        {
            NativeMethods.FsyncDirectory(_dir);
            _dirDirty = false;
        }
    }

    public void Reset(ulong index, ulong term)
    {
        _active?.Dispose();
        _active = null;
        foreach (var s in _segments)
        {
            File.Delete(s.Path);
        }

        _segments.Clear();
        NativeMethods.FsyncDirectory(_dir);
        StartSegment(index + 1, term);
        Sync();
    }

    public void CompactTo(ulong index)
    {
        var removed = false;
        while (_segments.Count > 1 && _segments[1].FirstIndex - 1 <= index)
        {
            File.Delete(_segments[0].Path);
            _segments.RemoveAt(0);
            removed = true;
        }

        if (removed)
        {
            NativeMethods.FsyncDirectory(_dir);
        }
    }

    public void Dispose()
    {
        _active?.Dispose();
        _active = null;
    }

    private void EnsureBuffer(int size)
    {
        if (_buffer.Length < size)
        {
            Array.Resize(ref _buffer, Math.Max(size, _buffer.Length * 2));
        }
    }

    private void TruncateFrom(ulong index)
    {
        while (_segments.Count > 1 && Tail.FirstIndex >= index)
        {
            _active?.Dispose();
            _active = null;
            File.Delete(Tail.Path);
            _segments.RemoveAt(_segments.Count - 1);
            _dirDirty = true;
        }

        var seg = Tail;
        if (index < seg.FirstIndex)
        {
            throw new InvalidOperationException($"cannot truncate at {index}: log starts at {seg.FirstIndex}");
        }

        var keep = (int)(index - seg.FirstIndex);
        if (keep < seg.Count)
        {
            seg.Length = seg.Offsets[keep];
            seg.Offsets.RemoveRange(keep, seg.Count - keep);
        }

        _active ??= OpenSegment(seg.Path);
        _active.SetLength(seg.Length);
        seg.LastTerm = seg.Count == 0 ? seg.PrevTerm : ReadTermAt(seg, seg.Count - 1);
    }

    private ulong ReadTermAt(LogSegment seg, int record)
    {
        var buf = new byte[RecordHeader + PayloadFixed];
        _active!.Position = seg.Offsets[record];
        _active.ReadExactly(buf);
        return BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(RecordHeader + 8));
    }

    private void StartSegment(ulong firstIndex, ulong prevTerm)
    {
        _active?.Flush(flushToDisk: true);
        _active?.Dispose();
        var path = Path.Combine(_dir, firstIndex.ToString("D20", CultureInfo.InvariantCulture) + ".seg");
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), firstIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), prevTerm);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), Crc32C.Compute(header.AsSpan(0, 28)));
        _active = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 1);
        _active.Write(header);
        _segments.Add(new LogSegment(path, firstIndex, prevTerm) { Length = HeaderSize, LastTerm = prevTerm });
        _dirDirty = true;
    }

    private static FileStream OpenSegment(string path) => new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1);

    private void Recover()
    {
        var files = Directory.GetFiles(_dir, "*.seg")
            .Select(f => (Path: f, Ok: ulong.TryParse(System.IO.Path.GetFileNameWithoutExtension(f), NumberStyles.None, CultureInfo.InvariantCulture, out var first), First: first))
            .Where(f => f.Ok)
            .OrderBy(f => f.First)
            .ToList();
        for (var fi = 0; fi < files.Count; fi++)
        {
            var path = files[fi].Path;
            var isLast = fi == files.Count - 1;
            var data = File.ReadAllBytes(path);
            var headerOk = data.Length >= HeaderSize && BinaryPrimitives.ReadUInt32LittleEndian(data) == Magic &&
                Crc32C.Compute(data.AsSpan(0, 28)) == BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(28));
            if (!headerOk && isLast && data.Length <= HeaderSize)
            {
                // Crash while creating the newest segment (its header is written but not yet synced).
                File.Delete(path);
                _dirDirty = true;
                TruncatedTail = (path, 0);
                break;
            }

            if (data.Length < HeaderSize)
            {
                if (isLast)
                {
                    // Crash while creating the segment.
                    File.Delete(path);
                    _dirDirty = true;
                    TruncatedTail = (path, 0);
                    break;
                }

                throw new RaftStorageCorruptException(path, 0, "segment header is truncated");
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic ||
                Crc32C.Compute(data.AsSpan(0, 28)) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(28)))
            {
                throw new RaftStorageCorruptException(path, 0, "bad segment header");
            }

            var version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
            if (version != FormatVersion)
            {
                throw new RaftStorageCorruptException(path, 4, $"unsupported segment format version {version}");
            }

            var first = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(8));
            var prevTerm = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(16));
            if (_segments.Count > 0 && first != Tail.LastIndex + 1)
            {
                // A segment left behind by an interrupted truncation or reset: the log ends before it.
                for (var k = fi; k < files.Count; k++)
                {
                    File.Delete(files[k].Path);
                }

                _dirDirty = true;
                TruncatedTail = (path, 0);
                break;
            }

            var seg = new LogSegment(path, first, prevTerm) { LastTerm = prevTerm };
            long pos = HeaderSize;
            while (pos < data.Length)
            {
                var entry = TryReadRecord(data, pos, first + (ulong)seg.Count, out var next);
                if (entry is null)
                {
                    if (!isLast)
                    {
                        throw new RaftStorageCorruptException(path, pos, "bad record in a sealed segment");
                    }

                    if (next > 0 && next < data.Length && TryReadRecord(data, next, 0, out _) is not null)
                    {
                        throw new RaftStorageCorruptException(path, pos, "bad record followed by valid records (corruption, not a torn write)");
                    }

                    TruncatedTail = (path, pos);
                    using (var fs = OpenSegment(path))
                    {
                        fs.SetLength(pos);
                        fs.Flush(flushToDisk: true);
                    }

                    break;
                }

                seg.Offsets.Add(pos);
                seg.LastTerm = entry.Term;
                _loaded.Add(entry);
                pos = next;
            }

            seg.Length = pos;
            _segments.Add(seg);
        }

        if (_segments.Count > 0)
        {
            _active = OpenSegment(Tail.Path);
        }

        if (_dirDirty)
        {
            NativeMethods.FsyncDirectory(_dir);
            _dirDirty = false;
        }
    }

    /// <summary>Parses the record at <paramref name="pos"/>; null when torn or damaged. <paramref name="next"/> is where the
    /// record claims to end (0 when even its length is unreadable). <paramref name="expectedIndex"/> 0 skips the index check.</summary>
    private static LogEntry? TryReadRecord(byte[] data, long pos, ulong expectedIndex, out long next)
    {
        next = 0;
        if (data.Length - pos < RecordHeader)
        {
            return null;
        }

        var len = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)pos));
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)pos + 4));
        if (len < PayloadFixed || len > int.MaxValue || pos + RecordHeader + len > data.Length)
        {
            return null;
        }

        next = pos + RecordHeader + len;
        var payload = data.AsSpan((int)pos + RecordHeader, (int)len);
        if (Crc32C.Compute(payload) != crc)
        {
            return null;
        }

        var index = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        if (expectedIndex != 0 && index != expectedIndex)
        {
            return null;
        }

        var term = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]);
        var type = (LogEntryType)payload[16];
        return new LogEntry(index, term, type, payload[PayloadFixed..].ToArray());
    }
}
