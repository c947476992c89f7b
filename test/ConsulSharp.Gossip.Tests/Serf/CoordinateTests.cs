using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Tests.Support;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Serf;

public sealed class CoordinateTests
{
    [Fact]
    public void Captured_serf_ack_payload_decodes_to_an_8_dimensional_coordinate()
    {
        var payloads = new List<byte[]>();
        foreach (var p in Pcap.UdpPackets(Pcap.ReferencePath("serf-capture.pcap")))
        {
            ReadOnlyMemory<byte> buf = p.Payload;
            if (buf.Span[0] == (byte)MessageType.Compress)
            {
                buf = Framing.Decompress(buf.Span[1..]);
            }

            if (buf.Span[0] == (byte)MessageType.Ack)
            {
                var r = new MsgReader(buf.Span[1..]);
                if (AckResponse.Decode(ref r).Payload is { Length: > 0 } payload)
                {
                    payloads.Add(payload);
                }
            }
        }

        Assert.NotEmpty(payloads);
        foreach (var payload in payloads)
        {
            var c = CoordinateClient.DecodePayload(payload);
            Assert.NotNull(c);
            Assert.Equal(8, c.Vec.Count);
            Assert.True(c.IsValid);
            Assert.Equal(payload, CoordinateClient.EncodePayload(c));
        }
    }

    [Fact]
    public void Repeated_observations_make_the_distance_approach_the_rtt()
    {
        var a = new CoordinateClient();
        var b = new CoordinateClient();
        var rtt = TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < 200; i++)
        {
            Assert.True(a.Update("b", b.Current, rtt));
            Assert.True(b.Update("a", a.Current, rtt));
        }

        var estimate = a.Current.DistanceTo(b.Current);
        Assert.InRange(estimate.TotalMilliseconds, 80, 120);
    }

    [Fact]
    public void Invalid_observations_are_rejected()
    {
        var a = new CoordinateClient();
        Assert.False(a.Update("x", a.Current, TimeSpan.FromSeconds(11)));
        Assert.False(a.Update("x", new Coordinate(new double[3], 1, 0, 0), TimeSpan.FromMilliseconds(1)));
        Assert.False(a.Update("x", new Coordinate([double.NaN, 0, 0, 0, 0, 0, 0, 0], 1, 0, 0), TimeSpan.FromMilliseconds(1)));
        Assert.Null(CoordinateClient.DecodePayload([2, 0x80]));
    }
}
