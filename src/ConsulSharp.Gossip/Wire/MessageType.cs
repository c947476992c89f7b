namespace ConsulSharp.Gossip.Wire;

/// <summary>memberlist message type bytes. Wire values: append-only, never renumber.</summary>
internal enum MessageType : byte
{
    Ping = 0,
    IndirectPing = 1,
    Ack = 2,
    Suspect = 3,
    Alive = 4,
    Dead = 5,
    PushPull = 6,
    Compound = 7,
    User = 8,
    Compress = 9,
    Encrypt = 10,
    Nack = 11,
    HasCrc = 12,
    Error = 13,
    HasLabel = 244,
}
