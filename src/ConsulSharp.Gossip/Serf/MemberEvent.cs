namespace ConsulSharp.Gossip.Serf;

/// <summary>Membership change (join, leave, failed, update, reap) for one or more members.</summary>
public sealed class MemberEvent(MemberEventType type, IReadOnlyList<SerfMember> members) : SerfEvent
{
    public MemberEventType Type { get; } = type;

    public IReadOnlyList<SerfMember> Members { get; } = members;

    public override string ToString() => $"member-{Type.ToString().ToLowerInvariant()}: {string.Join(", ", Members.Select(m => m.Name))}";
}
