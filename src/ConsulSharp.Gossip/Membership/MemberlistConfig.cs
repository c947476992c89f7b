using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Membership;

/// <summary>Everything a <see cref="Memberlist"/> instance needs besides its collaborators.</summary>
internal sealed record MemberlistConfig(string Name, MemberlistOptions Options)
{
    public Keyring? Keyring { get; init; }

    public byte[] Meta { get; init; } = [];

    public byte ProtocolMin { get; init; } = 1;

    public byte ProtocolMax { get; init; } = 5;

    public byte ProtocolVersion { get; init; } = 2;

    public byte DelegateMin { get; init; }

    public byte DelegateMax { get; init; }

    public byte DelegateVersion { get; init; }

    public byte[] Vsn => [ProtocolMin, ProtocolMax, ProtocolVersion, DelegateMin, DelegateMax, DelegateVersion];
}
