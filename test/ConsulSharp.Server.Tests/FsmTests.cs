using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Server.Tests;

public sealed class FsmTests
{
    private static ConsulFsm NewFsm() => new(new StateStore(new FakeTimeProvider()), NullLogger.Instance);

    [Fact]
    public void AppliesKvCommandsAtTheirIndex()
    {
        var fsm = NewFsm();
        var r = fsm.Apply(7, 1, CommandCodec.Kvs(new KvsCommand { Op = "set", Entry = new KvEntry { Key = "a", Value = [1] } }));
        Assert.Equal(true, r);
        var entry = fsm.State.Current.KvGet("a").Value;
        Assert.NotNull(entry);
        Assert.Equal(7UL, entry.ModifyIndex);

        var cas = fsm.Apply(8, 1, CommandCodec.Kvs(new KvsCommand { Op = "cas", Entry = new KvEntry { Key = "a", Value = [2], ModifyIndex = 1 } }));
        Assert.Equal(false, cas);
        Assert.Equal(new byte[] { 1 }, fsm.State.Current.KvGet("a").Value!.Value);
    }

    [Fact]
    public void ValidationFailuresAreResponsesNotCrashes()
    {
        var fsm = NewFsm();
        var r = fsm.Apply(3, 1, CommandCodec.Session(new SessionCommand { Op = "create", Session = new Session { Id = "s1", Node = "missing" } }));
        Assert.IsType<FsmError>(r);
    }

    [Fact]
    public void UnknownMessageTypeStopsTheServerLoudly()
    {
        var fsm = NewFsm();
        var ex = Assert.Throws<InvalidDataException>(() => fsm.Apply(9, 1, new byte[] { 200, (byte)'{', (byte)'}' }));
        Assert.Contains("unknown message type 200", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => fsm.Apply(10, 1, new byte[] { (byte)MessageType.Kvs, (byte)'x' }));
    }

    [Fact]
    public async Task SnapshotRestoresIntoAFreshFsm()
    {
        var fsm = NewFsm();
        for (var i = 1; i <= 100; i++)
        {
            fsm.Apply((ulong)i, 1, CommandCodec.Kvs(new KvsCommand { Op = "set", Entry = new KvEntry { Key = $"k/{i}", Value = [(byte)i] } }));
        }

        using var snap = fsm.CreateSnapshot();
        fsm.Apply(101, 1, CommandCodec.Kvs(new KvsCommand { Op = "set", Entry = new KvEntry { Key = "after", Value = [0] } }));
        using var ms = new MemoryStream();
        await snap.WriteToAsync(ms, TestContext.Current.CancellationToken);
        ms.Position = 0;

        var other = NewFsm();
        other.Restore(ms);
        Assert.Equal(100, other.State.Current.KvList("k/").Value.Count);
        Assert.Null(other.State.Current.KvGet("after").Value);
    }
}
