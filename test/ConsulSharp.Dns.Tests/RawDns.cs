using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConsulSharp.Dns.Tests;

/// <summary>Hand-built query packets and a bare UDP/TCP exchange, for wire cases a DNS library will not produce.</summary>
internal static class RawDns
{
    public static byte[] Query(string name, ushort type, ushort cls = 1, ushort id = 0x1234, int? edns = null, ushort flags = 0x0100, int qdCount = 1)
    {
        var bytes = new List<byte>();
        void U16(int v)
        {
            bytes.Add((byte)(v >> 8));
            bytes.Add((byte)v);
        }

        U16(id);
        U16(flags);
        U16(qdCount);
        U16(0);
        U16(0);
        U16(edns is null ? 0 : 1);
        for (var q = 0; q < qdCount; q++)
        {
            foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes.Add((byte)label.Length);
                bytes.AddRange(Encoding.ASCII.GetBytes(label));
            }

            bytes.Add(0);
            U16(type);
            U16(cls);
        }

        if (edns is int size)
        {
            bytes.Add(0);
            U16(41);
            U16(size);
            U16(0);
            U16(0);
            U16(0);
        }

        return [.. bytes];
    }

    public static async Task<byte[]?> UdpAsync(IPEndPoint server, byte[] packet, TimeSpan? timeout = null)
    {
        using var udp = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await udp.ConnectAsync(server);
        await udp.SendAsync(packet, SocketFlags.None);
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(2));
        try
        {
            var n = await udp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return buffer[..n];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task<byte[]> TcpAsync(IPEndPoint server, byte[] packet)
    {
        using var tcp = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(server);
        var framed = new byte[packet.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
        packet.CopyTo(framed, 2);
        await tcp.SendAsync(framed, SocketFlags.None);
        var len = new byte[2];
        await ReadAsync(tcp, len);
        var body = new byte[BinaryPrimitives.ReadUInt16BigEndian(len)];
        await ReadAsync(tcp, body);
        return body;
    }

    private static async Task ReadAsync(Socket s, byte[] into)
    {
        var read = 0;
        while (read < into.Length)
        {
            var n = await s.ReceiveAsync(into.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("connection closed");
            }

            read += n;
        }
    }

    public static int Rcode(byte[] response) => response[3] & 0xF;

    public static bool Truncated(byte[] response) => (response[2] & 0x02) != 0;

    public static ushort Id(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response);

    public static int AnswerCount(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(6));
}
