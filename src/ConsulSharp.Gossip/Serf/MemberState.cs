using System.Net;

namespace ConsulSharp.Gossip.Serf;

/// <summary>serf's mutable per-member record; only touched under the pool's member lock.</summary>
internal sealed class MemberState
{
    public required string Name { get; init; }

    public IPAddress Address { get; set; } = IPAddress.None;

    public int Port { get; set; }

    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

    public MemberStatus Status { get; set; }

    public byte[] Vsn { get; set; } = new byte[6];

    /// <summary>Lamport time of the last join/leave intent applied.</summary>
    public ulong StatusLTime { get; set; }

    /// <summary>Timestamp (TimeProvider) when the member left or failed; 0 otherwise.</summary>
    public long LeaveTime { get; set; }

    public SerfMember Snapshot() => new(Name, Address, Port, Tags, Status, Vsn[0], Vsn[1], Vsn[2], Vsn[3], Vsn[4], Vsn[5]);
}
