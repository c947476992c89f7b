namespace ConsulSharp.Gossip.Serf;

/// <summary>Base of everything <see cref="SerfPool.Events"/> delivers: <see cref="MemberEvent"/>, <see cref="UserEvent"/>, <see cref="QueryEvent"/>.</summary>
public abstract class SerfEvent
{
    private protected SerfEvent()
    {
    }
}
