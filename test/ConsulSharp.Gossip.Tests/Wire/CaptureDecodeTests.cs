using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Wire;

public sealed class CaptureDecodeTests
{
    private static readonly byte[] CaptureKey = Convert.FromBase64String("OEnRL/2cL3hHWjfsAPD+bgitNyRWn2MLto/3Rcu6DSI=");

    [Fact]
    public void Every_plaintext_udp_packet_decodes_completely()
    {
        var packets = Pcap.UdpPackets(Pcap.ReferencePath("serf-capture.pcap"));
        Assert.True(packets.Count > 150);
        var all = new List<string>();
        foreach (var p in packets)
        {
            all.AddRange(WireWalker.Packet(p.Payload));
        }

        Assert.Contains("serf event deploy v1 cc=True", all);
        Assert.Contains("serf join beta", all);
        Assert.Contains("serf leave beta", all);
        Assert.Contains("dead beta", all);
        Assert.Contains("serf query uptime", all);
        Assert.Contains("serf queryResponse ack=True", all);
        Assert.Contains("ping beta", all);
        Assert.Contains("alive alpha", all);
        Assert.Contains("compress", all);
        Assert.True(all.Count(x => x == "crc") >= 10);
    }

    [Fact]
    public void Every_plaintext_tcp_stream_decodes_completely()
    {
        var streams = Pcap.TcpStreams(Pcap.ReferencePath("serf-capture.pcap"));
        Assert.Equal(6, streams.Count);
        var decoded = streams.Select(s => WireWalker.Stream(s.Payload)).ToList();
        Assert.All(decoded, d => Assert.Equal("compress", d[0]));
        Assert.Equal("pushPull join=True nodes=1", decoded[0][1]);
        Assert.Contains(decoded, d => d.Contains("node alpha state=0 tags=dc=dc1,role=web"));
        Assert.Contains(decoded, d => d.Contains("pushPull join=False nodes=2"));
    }

    [Fact]
    public void Every_encrypted_udp_packet_decrypts_and_decodes()
    {
        var packets = Pcap.UdpPackets(Pcap.ReferencePath("serf-capture-encrypted.pcap"));
        Assert.NotEmpty(packets);
        foreach (var p in packets)
        {
            var d = WireWalker.Packet(p.Payload, [CaptureKey]);
            Assert.Equal("encrypted", d[0]);
        }
    }

    [Fact]
    public void Encrypted_streams_decode_except_the_intruders_and_errors_match_go()
    {
        var streams = Pcap.TcpStreams(Pcap.ReferencePath("serf-capture-encrypted.pcap"));
        var ok = new List<List<string>>();
        var failed = 0;
        foreach (var s in streams)
        {
            try
            {
                ok.Add(WireWalker.Stream(s.Payload, [CaptureKey]));
            }
            catch (GossipFormatException)
            {
                failed++;
            }
        }

        Assert.Equal(1, failed);
        Assert.Contains(ok, d => d.Contains("err No installed keys could decrypt the message"));
        Assert.Contains(ok, d => d.Contains("err Encryption is configured but remote state is not encrypted"));
        Assert.Contains(ok, d => d[0] == "compress" && d[1].StartsWith("pushPull", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_key_does_not_decrypt_captured_packets()
    {
        var packet = Pcap.UdpPackets(Pcap.ReferencePath("serf-capture-encrypted.pcap"))[0];
        var wrong = new byte[32];
        Assert.Null(Encryption.Decrypt([wrong], packet.Payload, []));
        Assert.NotNull(Encryption.Decrypt([wrong, CaptureKey], packet.Payload, []));
    }
}
