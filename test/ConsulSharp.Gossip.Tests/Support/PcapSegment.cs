namespace ConsulSharp.Gossip.Tests.Support;

internal sealed record PcapSegment(bool Tcp, string Source, string Destination, byte[] Payload);
