using System.Numerics;
using System.Runtime.InteropServices;

namespace ConsulSharp.Raft.Storage;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFFu, data);

    /// <summary>Raw update step for streaming: start with 0xFFFFFFFF, finish with bitwise not.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var longs = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var v in longs)
        {
            crc = BitOperations.Crc32C(crc, v);
        }

        for (var i = longs.Length * 8; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return crc;
    }
}
