namespace ConsulSharp.Gossip.Serf;

/// <summary>A user event (<c>serf event</c> / <c>consul event</c>), delivered once per pool member.</summary>
public sealed class UserEvent(ulong lamportTime, string name, byte[] payload, bool coalesce) : SerfEvent
{
    public ulong LamportTime { get; } = lamportTime;

    public string Name { get; } = name;

    public byte[] Payload { get; } = payload;

    /// <summary>The sender allows coalescing (only the latest event of a name matters).</summary>
    public bool Coalesce { get; } = coalesce;

    public override string ToString() => $"user-event: {Name}";
}
