using System.Buffers;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ConsulSharp.Contracts.Snapshot;

/// <summary>
/// Consul's snapshot archive (the body of <c>GET/PUT /v1/snapshot</c> and the file of <c>consul snapshot save</c>):
/// a gzip-compressed tar holding <c>meta.json</c> (Raft metadata), <c>state.bin</c> (the state machine's snapshot; ours
/// is ConsulSharp's own state format, not Consul's msgpack stream) and <c>SHA256SUMS</c> (SHA-256 of the other two).
/// Both directions stream: nothing but the small metadata is held in memory. Read errors carry Consul's texts.
/// </summary>
public static class SnapshotArchive
{
    public const string MetaFile = "meta.json";
    public const string StateFile = "state.bin";
    public const string SumsFile = "SHA256SUMS";

    private const int Block = 512;

    /// <summary>Writes the archive: <paramref name="meta"/>, then exactly <c>meta.Size</c> bytes of <paramref name="state"/>, then the sums.</summary>
    public static async Task WriteAsync(Stream output, SnapshotMeta meta, Stream state, DateTimeOffset modTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meta);
        using var metaHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var stateHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var metaBytes = EncodeMeta(meta);
            metaHash.AppendData(metaBytes);
            await WriteFileAsync(gzip, MetaFile, metaBytes, modTime, cancellationToken).ConfigureAwait(false);

            await gzip.WriteAsync(Header(StateFile, meta.Size, modTime), cancellationToken).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                var left = meta.Size;
                while (left > 0)
                {
                    var n = await state.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        throw new EndOfStreamException($"snapshot data ended {left} bytes early");
                    }

                    stateHash.AppendData(buffer, 0, n);
                    await gzip.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    left -= n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await gzip.WriteAsync(Padding(meta.Size), cancellationToken).ConfigureAwait(false);
            var sums = Encoding.ASCII.GetBytes(
                $"{Convert.ToHexStringLower(metaHash.GetHashAndReset())}  {MetaFile}\n{Convert.ToHexStringLower(stateHash.GetHashAndReset())}  {StateFile}\n");
            await WriteFileAsync(gzip, SumsFile, sums, modTime, cancellationToken).ConfigureAwait(false);
            await gzip.WriteAsync(new byte[2 * Block], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads and verifies an archive, copying <c>state.bin</c> to <paramref name="state"/> as it goes. The data is only
    /// trustworthy once this returns: the checksums are checked at the end.
    /// </summary>
    /// <exception cref="SnapshotArchiveException">Not a snapshot, damaged, or failing its integrity check (Consul's messages).</exception>
    public static async Task<SnapshotMeta> ReadAsync(Stream input, Stream state, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var got = await input.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < 2)
        {
            throw new SnapshotArchiveException("failed to decompress snapshot: " + (got == 0 ? "EOF" : "unexpected EOF"));
        }

        if (magic[0] != 0x1f || magic[1] != 0x8b)
        {
            throw new SnapshotArchiveException("failed to decompress snapshot: gzip: invalid header");
        }

        var gzip = new GZipStream(new PrefixedStream(magic, input), CompressionMode.Decompress);
        await using (gzip.ConfigureAwait(false))
        {
            SnapshotMeta? meta = null;
            using var metaHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var stateHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            string? sums = null;
            var tar = new TarReader(gzip, leaveOpen: true);
            await using (tar.ConfigureAwait(false))
            {
                while (true)
                {
                    TarEntry? entry;
                    try
                    {
                        entry = await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsDataError(ex))
                    {
                        throw new SnapshotArchiveException("failed to read snapshot file: failed reading snapshot: " + Reason(ex, "archive/tar: invalid tar header"), ex);
                    }

                    if (entry is null)
                    {
                        break;
                    }

                    var data = entry.DataStream ?? Stream.Null;
                    switch (entry.Name)
                    {
                        case MetaFile:
                            meta = await ReadMetaAsync(data, metaHash, cancellationToken).ConfigureAwait(false);
                            break;
                        case StateFile:
                            await CopyStateAsync(data, state, stateHash, cancellationToken).ConfigureAwait(false);
                            break;
                        case SumsFile:
                            sums = await ReadSmallAsync(data, "failed to read snapshot hashes: ", cancellationToken).ConfigureAwait(false);
                            break;
                        default:
                            throw new SnapshotArchiveException($"failed to read snapshot file: unexpected file \"{entry.Name}\" in snapshot");
                    }
                }
            }

            Verify(sums ?? "", metaHash.GetHashAndReset(), stateHash.GetHashAndReset());
            await ConcludeAsync(gzip, cancellationToken).ConfigureAwait(false);
            return meta ?? new SnapshotMeta();
        }
    }

    private static async Task<SnapshotMeta> ReadMetaAsync(Stream data, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var text = await ReadSmallBytesAsync(data, "failed to decode snapshot metadata: ", cancellationToken).ConfigureAwait(false);
        hash.AppendData(text);
        try
        {
            return JsonSerializer.Deserialize(text, SnapshotJsonContext.Default.SnapshotMeta)
                ?? throw new SnapshotArchiveException("failed to read snapshot file: failed to decode snapshot metadata: EOF");
        }
        catch (JsonException ex)
        {
            throw new SnapshotArchiveException("failed to read snapshot file: failed to decode snapshot metadata: " + ex.Message, ex);
        }
    }

    private static async Task CopyStateAsync(Stream data, Stream state, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (true)
            {
                int n;
                try
                {
                    n = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsDataError(ex))
                {
                    throw new SnapshotArchiveException("failed to read snapshot file: failed to read or write snapshot data: " + Reason(ex, "flate: corrupt input"), ex);
                }

                if (n == 0)
                {
                    return;
                }

                hash.AppendData(buffer, 0, n);
                await state.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<string> ReadSmallAsync(Stream data, string errorPrefix, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetString(await ReadSmallBytesAsync(data, errorPrefix, cancellationToken).ConfigureAwait(false));

    private static async Task<byte[]> ReadSmallBytesAsync(Stream data, string errorPrefix, CancellationToken cancellationToken)
    {
        using var ms = new MemoryStream();
        try
        {
            await data.CopyToAsync(ms, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new SnapshotArchiveException("failed to read snapshot file: " + errorPrefix + Reason(ex, "unexpected EOF"), ex);
        }

        return ms.ToArray();
    }

    private static void Verify(string sums, byte[] metaHash, byte[] stateHash)
    {
        const string prefix = "failed to read snapshot file: failed checking integrity of snapshot: ";
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [MetaFile] = metaHash, [StateFile] = stateHash };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in sums.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var sep = line.IndexOf("  ", StringComparison.Ordinal);
            byte[] sha;
            try
            {
                sha = sep > 0 ? Convert.FromHexString(line[..sep]) : throw new FormatException();
            }
            catch (FormatException)
            {
                throw new SnapshotArchiveException(prefix + "input does not match format");
            }

            var file = line[(sep + 2)..].Trim();
            if (!expected.TryGetValue(file, out var actual))
            {
                throw new SnapshotArchiveException(prefix + $"list missing hash for \"{file}\"");
            }

            if (!CryptographicOperations.FixedTimeEquals(sha, actual))
            {
                throw new SnapshotArchiveException(prefix + $"hash check failed for \"{file}\"");
            }

            seen.Add(file);
        }

        foreach (var file in expected.Keys)
        {
            if (!seen.Contains(file))
            {
                throw new SnapshotArchiveException(prefix + $"file missing for \"{file}\"");
            }
        }
    }

    /// <summary>Consul's <c>concludeGzipRead</c>: the compressed stream must end cleanly after the archive.</summary>
    private static async Task ConcludeAsync(Stream gzip, CancellationToken cancellationToken)
    {
        var buffer = new byte[Block];
        long extra = 0;
        try
        {
            int n;
            while ((n = await gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                extra += n;
            }
        }
        catch (Exception ex) when (IsDataError(ex))
        {
            throw new SnapshotArchiveException(Reason(ex, "gzip: invalid checksum"), ex);
        }

        // A tar archive may be followed by more zero blocks than the two end markers; only real data counts.
        if (extra > 0 && extra % Block != 0)
        {
            throw new SnapshotArchiveException($"{extra} unread uncompressed bytes remain");
        }
    }

    private static bool IsDataError(Exception ex) =>
        ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or OverflowException;

    private static string Reason(Exception ex, string otherwise) =>
        ex is EndOfStreamException || ex.Message.Contains("end of", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("unexpected", StringComparison.OrdinalIgnoreCase)
            ? "unexpected EOF"
            : otherwise;

    private static byte[] EncodeMeta(SnapshotMeta meta)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(meta, SnapshotJsonContext.Default.SnapshotMeta);
        var withNewline = new byte[json.Length + 1];
        json.CopyTo(withNewline, 0);
        withNewline[^1] = (byte)'\n';
        return withNewline;
    }

    private static async Task WriteFileAsync(Stream output, string name, byte[] content, DateTimeOffset modTime, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Header(name, content.Length, modTime), cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(Padding(content.Length), cancellationToken).ConfigureAwait(false);
    }

    private static byte[] Padding(long size) => new byte[(Block - (int)(size % Block)) % Block];

    /// <summary>A USTAR header for a regular file, as Go's archive/tar writes one for these names.</summary>
    private static byte[] Header(string name, long size, DateTimeOffset modTime)
    {
        var h = new byte[Block];
        Field(h, 0, 100, name);
        Field(h, 100, 8, "0000600");
        Field(h, 108, 8, "0000000");
        Field(h, 116, 8, "0000000");
        Field(h, 124, 12, Convert.ToString(size, 8).PadLeft(11, '0'));
        Field(h, 136, 12, Convert.ToString(Math.Max(0, modTime.ToUnixTimeSeconds()), 8).PadLeft(11, '0'));
        h[156] = (byte)'0';
        Field(h, 257, 6, "ustar");
        h[263] = (byte)'0';
        h[264] = (byte)'0';
        h.AsSpan(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }

        Field(h, 148, 7, Convert.ToString(sum, 8).PadLeft(6, '0'));
        return h;
    }

    private static void Field(byte[] header, int offset, int length, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length > length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"tar field too long: {value}"));
        }

        bytes.CopyTo(header, offset);
    }

    /// <summary>Gives back the bytes already read to sniff the gzip header, then the rest of the input.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _used;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_used < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _used);
                prefix.AsSpan(_used, n).CopyTo(buffer);
                _used += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_used < prefix.Length)
            {
                return new ValueTask<int>(Read(buffer.Span));
            }

            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
