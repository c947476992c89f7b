using System.Buffers;
using ConsulSharp.Raft;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests;

/// <summary>Persisted and wire numbers are append-only: these values must never change.</summary>
public sealed class PersistedFormatStabilityTests
{
    [Fact]
    public void Enum_values_are_frozen()
    {
        Assert.Equal([1, 2, 3], Enum.GetValues<LogEntryType>().Select(v => (int)v));
        Assert.Equal([1, 2], Enum.GetValues<ServerSuffrage>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(1, 9), Enum.GetValues<RaftMessageType>().Select(v => (int)v));
        Assert.Equal(Enumerable.Range(1, 6), Enum.GetValues<FrameType>().Select(v => (int)v));
        Assert.Equal(0x01, TcpRaftTransport.ProtocolByte);
    }

    [Fact]
    public void Message_and_configuration_encodings_are_frozen()
    {
        var m = new RaftMessage
        {
            Type = RaftMessageType.AppendEntries, Term = 2, From = "a", To = "b", LogIndex = 3, LogTerm = 1, Commit = 2, Seq = 5, Timestamp = 6,
            Entries = [new LogEntry(4, 2, LogEntryType.Command, new byte[] { 0xAB })],
        };
        var w = new ArrayBufferWriter<byte>();
        MessageCodec.Encode(m, w);
        Assert.Equal(
            "010102000000000000000161016203000000000000000100000000000000020000000000000000000000000000000005000000000000000600000000000000" +
            "01040000000000000002000000000000000101AB",
            Convert.ToHexString(w.WrittenSpan));
        var cfg = new RaftConfiguration([new RaftServer("a", "h:1"), new RaftServer("b", "h:2", ServerSuffrage.Nonvoter)]);
        Assert.Equal("010201016103683A3102016203683A32", Convert.ToHexString(cfg.Encode()));
    }
}
