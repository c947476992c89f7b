using System.Text.Json;
using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Wire;

public sealed class LzwTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in Vectors())
        {
            data.Add(v.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decompresses_go_vectors(string name)
    {
        var v = Vectors().Single(x => x.Name == name);
        Assert.Equal(v.Input, Lzw.Decompress(v.Compressed, 1 << 20));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Compresses_byte_identical_to_go(string name)
    {
        var v = Vectors().Single(x => x.Name == name);
        Assert.Equal(Convert.ToHexString(v.Compressed), Convert.ToHexString(Lzw.Compress(v.Input)));
    }

    [Fact]
    public void Round_trips_random_inputs_of_many_sizes()
    {
        var random = new Random(42);
        foreach (var size in new[] { 1, 2, 3, 255, 256, 4000, 20000, 100000 })
        {
            var input = new byte[size];
            random.NextBytes(input);
            if (size > 1000)
            {
                // half random, half repetitive so both table-full paths are exercised
                for (var i = size / 2; i < size; i++)
                {
                    input[i] = (byte)(i % 7);
                }
            }

            Assert.Equal(input, Lzw.Decompress(Lzw.Compress(input), 1 << 20));
        }
    }

    [Fact]
    public void Decompression_bomb_is_refused()
    {
        var bomb = Lzw.Compress(new byte[5_000_000]);
        Assert.True(bomb.Length < 100_000);
        Assert.Throws<GossipFormatException>(() => Lzw.Decompress(bomb, 1 << 20));
    }

    [Fact]
    public void Truncated_and_garbage_input_throws_format_exception()
    {
        var good = Lzw.Compress("hello hello hello hello"u8);
        Assert.Throws<GossipFormatException>(() => Lzw.Decompress(good.AsSpan(0, good.Length - 2), 1 << 20));
        Assert.Throws<GossipFormatException>(() => Lzw.Decompress([0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 1 << 20));
    }

    private static List<(string Name, byte[] Input, byte[] Compressed)> Vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Pcap.ReferencePath("lzw-vectors.json")));
        return [.. doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => (
            v.GetProperty("name").GetString()!,
            Convert.FromHexString(v.GetProperty("input_hex").GetString()!),
            Convert.FromHexString(v.GetProperty("lzw_lsb8_hex").GetString()!)))];
    }
}
