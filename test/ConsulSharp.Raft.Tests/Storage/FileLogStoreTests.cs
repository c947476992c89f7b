using System.Text;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Raft.Tests.Storage;

public sealed class FileLogStoreTests
{
    private static LogEntry E(ulong index, ulong term = 1, string? data = null) =>
        new(index, term, LogEntryType.Command, Encoding.UTF8.GetBytes(data ?? "entry-" + index));

    private static List<LogEntry> Range(ulong from, ulong to, ulong term = 1) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => E((ulong)i, term))];

    [Fact]
    public void Appends_survive_reopen_across_segments()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path, segmentSize: 300))
        {
            log.Append(Range(1, 50));
            log.Sync();
            Assert.Equal(50UL, log.LastIndex);
        }

        Assert.True(Directory.GetFiles(dir.Path, "*.seg").Length > 3, "small segments roll over");
        using var again = new FileLogStore(dir.Path, segmentSize: 300);
        var all = again.ReadAll();
        Assert.Equal(50, all.Count);
        Assert.Equal("entry-37", Encoding.UTF8.GetString(all[36].Data.Span));
        Assert.Null(again.TruncatedTail);
    }

    [Fact]
    public void Append_overlapping_truncates_the_suffix_even_across_segments()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path, segmentSize: 300))
        {
            log.Append(Range(1, 40));
            log.Append([E(12, 2, "new12"), E(13, 2, "new13")]);
            log.Sync();
            Assert.Equal(13UL, log.LastIndex);
            log.Append(Range(14, 20, 2));
            log.Sync();
        }

        using var again = new FileLogStore(dir.Path, segmentSize: 300);
        var all = again.ReadAll();
        Assert.Equal(20, all.Count);
        Assert.Equal("new12", Encoding.UTF8.GetString(all[11].Data.Span));
        Assert.Equal(2UL, all[19].Term);
    }

    [Fact]
    public void Compaction_drops_whole_segments_and_remembers_the_base()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path, segmentSize: 300))
        {
            log.Append(Range(1, 60));
            log.Sync();
            log.CompactTo(30);
            Assert.True(log.BaseIndex is > 0 and <= 30);
        }

        using var again = new FileLogStore(dir.Path, segmentSize: 300);
        var all = again.ReadAll();
        Assert.Equal(again.BaseIndex + 1, all[0].Index);
        Assert.Equal(60UL, all[^1].Index);
        Assert.Equal(1UL, again.BaseTerm);
    }

    [Fact]
    public void Reset_starts_after_a_snapshot()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path))
        {
            log.Append(Range(1, 10));
            log.Reset(100, 7);
            log.Append([E(101, 7)]);
            log.Sync();
        }

        using var again = new FileLogStore(dir.Path);
        Assert.Equal(100UL, again.BaseIndex);
        Assert.Equal(7UL, again.BaseTerm);
        Assert.Equal(101UL, Assert.Single(again.ReadAll()).Index);
    }

    [Fact]
    public void Torn_tail_is_truncated_on_recovery()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path))
        {
            log.Append(Range(1, 10));
            log.Sync();
        }

        var seg = Directory.GetFiles(dir.Path, "*.seg").Single();
        var goodLength = new FileInfo(seg).Length;

        // A record that was half written when power went: a length and a few payload bytes.
        using (var fs = new FileStream(seg, FileMode.Append))
        {
            fs.Write([60, 0, 0, 0, 1, 2, 3, 4, 11, 0, 0]);
        }

        using (var again = new FileLogStore(dir.Path))
        {
            Assert.Equal(10, again.ReadAll().Count);
            Assert.Equal((seg, goodLength), again.TruncatedTail);
            again.Append([E(11)]);
            again.Sync();
        }

        using var third = new FileLogStore(dir.Path);
        Assert.Equal(11, third.ReadAll().Count);
        Assert.Null(third.TruncatedTail);
    }

    [Fact]
    public void Damaged_last_record_is_treated_as_torn()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path))
        {
            log.Append(Range(1, 5));
            log.Sync();
        }

        var seg = Directory.GetFiles(dir.Path, "*.seg").Single();
        var bytes = File.ReadAllBytes(seg);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(seg, bytes);
        using var again = new FileLogStore(dir.Path);
        Assert.Equal(4, again.ReadAll().Count);
        Assert.NotNull(again.TruncatedTail);
    }

    [Fact]
    public void Corrupt_middle_record_is_refused_naming_file_and_offset()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path))
        {
            log.Append(Range(1, 10));
            log.Sync();
        }

        var seg = Directory.GetFiles(dir.Path, "*.seg").Single();
        var bytes = File.ReadAllBytes(seg);
        var recordSize = 8 + 17 + "entry-1".Length;
        var third = FileLogStore.HeaderSize + (2 * recordSize);
        bytes[third + 8 + 17] ^= 0x55; // a data byte of entry 3
        File.WriteAllBytes(seg, bytes);
        var ex = Assert.Throws<RaftStorageCorruptException>(() => new FileLogStore(dir.Path));
        Assert.Equal(seg, ex.File);
        Assert.Equal(third, ex.Offset);
        Assert.Contains(Path.GetFileName(seg), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corruption_in_an_older_segment_is_refused()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path, segmentSize: 200))
        {
            log.Append(Range(1, 30));
            log.Sync();
        }

        var first = Directory.GetFiles(dir.Path, "*.seg").OrderBy(f => f, StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(first);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(first, bytes);
        var ex = Assert.Throws<RaftStorageCorruptException>(() => new FileLogStore(dir.Path, segmentSize: 200));
        Assert.Equal(first, ex.File);
    }

    [Fact]
    public void Half_written_newest_segment_header_is_dropped()
    {
        using var dir = new TempDir();
        using (var log = new FileLogStore(dir.Path))
        {
            log.Append(Range(1, 3));
            log.Sync();
        }

        var torn = Path.Combine(dir.Path, "00000000000000000004.seg");
        File.WriteAllBytes(torn, new byte[] { 0x43, 0x53, 0x52, 0x4C, 1, 0, 0 });
        using var again = new FileLogStore(dir.Path);
        Assert.Equal(3UL, again.LastIndex);
        Assert.False(File.Exists(torn));
        Assert.Equal((torn, 0L), again.TruncatedTail);
    }
}
