namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// LZW exactly as Go's <c>compress/lzw</c> with LSB bit order and 8-bit literals (memberlist compression algorithm 0).
/// Codes 0-255 are literals, 256 clears, 257 ends; widths grow from 9 to 12 bits.
/// </summary>
internal static class Lzw
{
    private const int Clear = 256;
    private const int Eof = 257;
    private const int MaxWidth = 12;
    private const int MaxCode = (1 << MaxWidth) - 1;

    /// <summary>Decompresses <paramref name="data"/>; throws <see cref="GossipFormatException"/> on corrupt input or when the
    /// output would exceed <paramref name="maxOutput"/> bytes (decompression bomb).</summary>
    public static byte[] Decompress(ReadOnlySpan<byte> data, int maxOutput)
    {
        var prefix = new ushort[1 << MaxWidth];
        var suffix = new byte[1 << MaxWidth];
        var chain = new byte[1 << MaxWidth];
        var output = new List<byte>(Math.Min(maxOutput, Math.Max(64, data.Length * 3)));

        var width = 9;
        var hi = Eof;
        var overflow = 1 << width;
        var last = -1;
        uint bits = 0;
        var nBits = 0;
        var pos = 0;
        while (true)
        {
            while (nBits < width)
            {
                if (pos >= data.Length)
                {
                    throw new GossipFormatException("lzw: unexpected end of data");
                }

                bits |= (uint)data[pos++] << nBits;
                nBits += 8;
            }

            var code = (int)(bits & ((1u << width) - 1));
            bits >>= width;
            nBits -= width;

            if (code < Clear)
            {
                output.Add((byte)code);
                if (last != -1)
                {
                    suffix[hi] = (byte)code;
                    prefix[hi] = (ushort)last;
                }
            }
            else if (code == Clear)
            {
                width = 9;
                hi = Eof;
                overflow = 1 << width;
                last = -1;
                continue;
            }
            else if (code == Eof)
            {
                return [.. output];
            }
            else if (code <= hi)
            {
                var c = code;
                var i = chain.Length - 1;
                if (code == hi && last != -1)
                {
                    // KwKwK: previous string followed by its own first byte.
                    c = last;
                    while (c >= Clear)
                    {
                        c = prefix[c];
                    }

                    chain[i--] = (byte)c;
                    c = last;
                }
                else if (code == hi)
                {
                    throw new GossipFormatException("lzw: invalid code");
                }

                while (c >= Clear)
                {
                    if (i < 0)
                    {
                        throw new GossipFormatException("lzw: invalid chain");
                    }

                    chain[i--] = suffix[c];
                    c = prefix[c];
                }

                if (i < 0)
                {
                    throw new GossipFormatException("lzw: invalid chain");
                }

                chain[i] = (byte)c;
                var span = chain.AsSpan(i);
                if (output.Count + span.Length > maxOutput)
                {
                    throw new GossipFormatException("lzw: decompressed size limit exceeded");
                }

                output.AddRange(span);
                if (last != -1)
                {
                    suffix[hi] = (byte)c;
                    prefix[hi] = (ushort)last;
                }
            }
            else
            {
                throw new GossipFormatException("lzw: invalid code");
            }

            if (output.Count > maxOutput)
            {
                throw new GossipFormatException("lzw: decompressed size limit exceeded");
            }

            last = code;
            hi++;
            if (hi >= overflow)
            {
                if (width == MaxWidth)
                {
                    last = -1;
                    hi--;
                }
                else
                {
                    width++;
                    overflow = 1 << width;
                }
            }
        }
    }

    /// <summary>Compresses like Go's <c>lzw.NewWriter(w, lzw.LSB, 8)</c>; output is byte-identical to Go's.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var writer = new BitWriter(data.Length / 2 + 16);
        var width = 9;
        var hi = Eof;
        var overflow = 1 << width;
        var table = new Dictionary<int, int>();

        writer.Write(Clear, width);
        if (data.Length == 0)
        {
            writer.Write(Eof, width);
            return writer.Finish();
        }

        int code = data[0];
        for (var p = 1; p < data.Length; p++)
        {
            int literal = data[p];
            var key = (code << 8) | literal;
            if (table.TryGetValue(key, out var found))
            {
                code = found;
                continue;
            }

            writer.Write(code, width);
            code = literal;
            if (IncHi(ref hi, ref width, ref overflow, writer))
            {
                table.Clear();
                continue;
            }

            table[key] = hi;
        }

        writer.Write(code, width);
        IncHi(ref hi, ref width, ref overflow, writer);
        writer.Write(Eof, width);
        return writer.Finish();
    }

    private static bool IncHi(ref int hi, ref int width, ref int overflow, BitWriter writer)
    {
        hi++;
        if (hi == overflow)
        {
            width++;
            overflow <<= 1;
        }

        if (hi == MaxCode)
        {
            writer.Write(Clear, width);
            width = 9;
            hi = Eof;
            overflow = 1 << width;
            return true;
        }

        return false;
    }

    private sealed class BitWriter(int capacity)
    {
        private readonly List<byte> _out = new(capacity);
        private uint _bits;
        private int _nBits;

        public void Write(int code, int width)
        {
            _bits |= (uint)code << _nBits;
            _nBits += width;
            while (_nBits >= 8)
            {
                _out.Add((byte)_bits);
                _bits >>= 8;
                _nBits -= 8;
            }
        }

        public byte[] Finish()
        {
            if (_nBits > 0)
            {
                _out.Add((byte)_bits);
            }

            return [.. _out];
        }
    }
}
