using ConsulSharp.Server.Fsm;

namespace ConsulSharp.Server.Tests;

/// <summary>Raft log entries carry these numbers forever: renumbering one would make old logs apply as something else.</summary>
public sealed class PersistedNumbersTests
{
    [Fact]
    public void MessageTypeNumbersAreFrozen()
    {
        var expected = new Dictionary<string, byte>
        {
            ["Register"] = 0,
            ["Deregister"] = 1,
            ["Kvs"] = 2,
            ["Session"] = 3,
            ["Tombstone"] = 5,
            ["CoordinateBatchUpdate"] = 6,
            ["PreparedQuery"] = 7,
            ["Txn"] = 8,
            ["Autopilot"] = 9,
            ["AclBootstrap"] = 11,
            ["AclTokenSet"] = 17,
            ["AclTokenDelete"] = 18,
            ["AclPolicySet"] = 19,
            ["AclPolicyDelete"] = 20,
            ["AclRoleSet"] = 23,
            ["AclRoleDelete"] = 24,
        };
        var actual = Enum.GetValues<MessageType>().ToDictionary(v => v.ToString(), v => (byte)v);
        foreach (var (name, value) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var v), $"MessageType.{name} was removed");
            Assert.Equal(value, v);
        }

        Assert.Equal(actual.Count, actual.Values.Distinct().Count());
    }

    [Fact]
    public void CommandEncodingIsTypeByteThenPayload()
    {
        var bytes = CommandCodec.Kvs(new KvsCommand { Op = "set", Entry = new Core.Structs.KvEntry { Key = "k", Value = [1, 2] } });
        Assert.Equal((byte)MessageType.Kvs, bytes[0]);
        var decoded = CommandCodec.Decode(bytes.AsSpan(1), FsmJsonContext.Default.KvsCommand);
        Assert.Equal("set", decoded.Op);
        Assert.Equal("k", decoded.Entry.Key);
        Assert.Equal(new byte[] { 1, 2 }, decoded.Entry.Value);
    }
}
