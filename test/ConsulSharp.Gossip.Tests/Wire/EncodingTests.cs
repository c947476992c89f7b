using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Wire;

public sealed class EncodingTests
{
    [Fact]
    public void Ping_encodes_byte_identical_to_captured_go_ping()
    {
        var expected = "0085a44e6f6465a462657461a55365714e6f01aa536f7572636541646472a47f000001aa536f757263654e6f6465a5616c706861aa536f75726365506f7274cd461a";
        var bytes = Framing.Encode(MessageType.Ping, new Ping(1, "beta", [127, 0, 0, 1], 17946, "alpha").Encode);
        Assert.Equal(expected, Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void Serf_join_and_leave_encode_like_go()
    {
        var join = new MsgWriter();
        join.WriteByte((byte)MessageType.User);
        join.WriteByte((byte)SerfMessageType.Join);
        new SerfJoin(1, "beta").Encode(join);
        Assert.Equal("080182a54c54696d6501a44e6f6465a462657461", Convert.ToHexString(join.WrittenSpan).ToLowerInvariant());

        var dead = Framing.Encode(MessageType.Dead, new Suspect(1, "beta", "beta").Encode);
        Assert.Equal("0583a446726f6da462657461ab496e6361726e6174696f6e01a44e6f6465a462657461", Convert.ToHexString(dead).ToLowerInvariant());
    }

    [Fact]
    public void Raw_uses_only_old_spec_forms()
    {
        var w = new MsgWriter();
        w.WriteRaw(new byte[31]);
        Assert.Equal(0xBF, w.WrittenSpan[0]);
        w.Reset();
        w.WriteRaw(new byte[130]);
        Assert.Equal(new byte[] { 0xDA, 0x00, 0x82 }, w.WrittenSpan[..3].ToArray());
        w.Reset();
        w.WriteRaw(new byte[70000]);
        Assert.Equal(0xDB, w.WrittenSpan[0]);
    }

    [Fact]
    public void Integers_use_smallest_forms()
    {
        var w = new MsgWriter();
        w.WriteUInt(17946);
        w.WriteInt(-1);
        w.WriteInt(-100);
        w.WriteUInt(uint.MaxValue + 1UL);
        Assert.Equal("cd461affd09ccf0000000100000000", Convert.ToHexString(w.WrittenSpan).ToLowerInvariant());
        var r = new MsgReader(w.WrittenSpan);
        Assert.Equal(17946, r.ReadInt64());
        Assert.Equal(-1, r.ReadInt64());
        Assert.Equal(-100, r.ReadInt64());
        Assert.Equal(uint.MaxValue + 1UL, r.ReadUInt64());
    }

    [Fact]
    public void Alive_round_trips_and_vsn_is_six_raw_bytes()
    {
        var alive = new Alive(7, "node-a", [10, 0, 0, 1], 8301, Tags.Encode(new Dictionary<string, string> { ["role"] = "consul", ["dc"] = "dc1" }), [1, 5, 2, 2, 5, 4]);
        var bytes = Framing.Encode(MessageType.Alive, alive.Encode);
        var vsnAt = bytes.AsSpan().IndexOf("Vsn"u8);
        Assert.Equal(0xA6, bytes[vsnAt + 3]);
        var r = new MsgReader(bytes.AsSpan(1));
        var decoded = Alive.Decode(ref r);
        Assert.Equal(alive.Node, decoded.Node);
        Assert.Equal(alive.Vsn, decoded.Vsn);
        Assert.Equal(alive.Meta, decoded.Meta);
        Assert.Equal(8301, decoded.Port);
        Assert.Equal("consul", Tags.Decode(decoded.Meta)["role"]);
    }

    [Fact]
    public void Vsn_sent_as_array_is_tolerated()
    {
        var w = new MsgWriter();
        w.WriteMapHeader(1);
        w.WriteString("Vsn");
        w.WriteArrayHeader(6);
        foreach (var b in new byte[] { 1, 5, 2, 2, 5, 5 })
        {
            w.WriteUInt(b);
        }

        var r = new MsgReader(w.WrittenSpan);
        Assert.Equal(new byte[] { 1, 5, 2, 2, 5, 5 }, Alive.Decode(ref r).Vsn);
    }

    [Fact]
    public void Compound_crc_compress_round_trip()
    {
        var a = Framing.Encode(MessageType.Ping, new Ping(3, "x").Encode);
        var b = Framing.Encode(MessageType.Nack, new NackResponse(9).Encode);
        var packet = Framing.AddCrc(Framing.Compress(Framing.MakeCompound([a, b])));
        var inner = Framing.CheckCrc(packet.AsMemory(1));
        var plain = Framing.Decompress(inner.Span[1..]);
        var parts = Framing.SplitCompound(plain.AsMemory(1), out var truncated);
        Assert.Equal(0, truncated);
        Assert.Equal(a, parts[0].ToArray());
        Assert.Equal(b, parts[1].ToArray());
    }

    [Fact]
    public void Crc_mismatch_and_truncated_compound_are_detected()
    {
        var packet = Framing.AddCrc(Framing.Encode(MessageType.Nack, new NackResponse(1).Encode));
        packet[^1] ^= 0xFF;
        Assert.Throws<GossipFormatException>(() => Framing.CheckCrc(packet.AsMemory(1)));

        var compound = Framing.MakeCompound([new byte[10], new byte[10]]);
        var parts = Framing.SplitCompound(compound.AsMemory(1, compound.Length - 5), out var truncated);
        Assert.Single(parts);
        Assert.Equal(1, truncated);
    }

    [Fact]
    public void Label_header_round_trips()
    {
        var labelled = Framing.AddLabel([1, 2, 3], "dc1");
        Assert.Equal(new byte[] { 244, 3, (byte)'d', (byte)'c', (byte)'1', 1, 2, 3 }, labelled);
        var rest = Framing.StripLabel(labelled, out var label);
        Assert.Equal("dc1", label);
        Assert.Equal(new byte[] { 1, 2, 3 }, rest.ToArray());
        Assert.Equal(new byte[] { 1 }, Framing.AddLabel([1], string.Empty));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Encryption_round_trips_with_every_key_size_and_version(int size)
    {
        var key = new byte[size];
        Random.Shared.NextBytes(key);
        var other = new byte[16];
        foreach (byte version in new byte[] { 0, 1 })
        {
            var sealedBytes = Encryption.Encrypt(version, key, "hello"u8, "aad"u8);
            Assert.Equal(version, sealedBytes[0]);
            Assert.Equal("hello"u8.ToArray(), Encryption.Decrypt([other, key], sealedBytes, "aad"u8));
            Assert.Null(Encryption.Decrypt([key], sealedBytes, "bad"u8));
        }
    }

    [Fact]
    public void Keyring_primary_secondary_operations()
    {
        var k1 = new byte[32];
        var k2 = new byte[16];
        k2[0] = 1;
        var ring = new Keyring([k1]);
        ring.AddKey(k2);
        Assert.Equal(2, ring.Keys.Count);
        Assert.Equal(k1, ring.PrimaryKey);
        ring.UseKey(k2);
        Assert.Equal(k2, ring.PrimaryKey);
        Assert.Throws<InvalidOperationException>(() => ring.RemoveKey(k2));
        ring.RemoveKey(k1);
        Assert.Single(ring.Keys);
        Assert.Throws<ArgumentException>(() => ring.AddKey(new byte[10]));
    }

    [Fact]
    public void Malformed_msgpack_throws_format_exception()
    {
        Assert.ThrowsAny<GossipFormatException>(() =>
        {
            var r = new MsgReader([0x85, 0xA4, (byte)'N']);
            Ping.Decode(ref r);
        });
        Assert.Throws<GossipFormatException>(() =>
        {
            var r = new MsgReader([0xC1]);
            r.Skip();
        });
        Assert.False(MsgReader.TryMeasure([0xDA, 0x00], out _));
        Assert.True(MsgReader.TryMeasure([0x81, 0xA1, 0x41, 0x01, 0xFF], out var length));
        Assert.Equal(4, length);
    }
}
