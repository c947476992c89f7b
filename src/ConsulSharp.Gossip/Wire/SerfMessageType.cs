namespace ConsulSharp.Gossip.Wire;

/// <summary>serf message type bytes (inside memberlist user messages). Wire values: append-only.</summary>
internal enum SerfMessageType : byte
{
    Leave = 0,
    Join = 1,
    PushPull = 2,
    UserEvent = 3,
    Query = 4,
    QueryResponse = 5,
    ConflictResponse = 6,
    KeyRequest = 7,
    KeyResponse = 8,
    Relay = 9,
}
