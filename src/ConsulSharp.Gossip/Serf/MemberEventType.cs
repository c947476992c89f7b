namespace ConsulSharp.Gossip.Serf;

public enum MemberEventType
{
    Join = 0,
    Leave = 1,
    Failed = 2,
    Update = 3,
    Reap = 4,
}
