using System.Runtime.InteropServices;

namespace ConsulSharp.Raft.Transport;

internal static class MemoryExtensionsHelper
{
    /// <summary>Writable view of memory we own (an <see cref="System.Buffers.ArrayBufferWriter{T}"/>'s written part).</summary>
    public static Span<byte> AsWritable(ReadOnlyMemory<byte> memory) => MemoryMarshal.AsMemory(memory).Span;
}
