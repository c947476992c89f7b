using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>A KV write (<see cref="MessageType.Kvs"/>). <see cref="Op"/> is Consul's verb: set, cas, lock, unlock,
/// delete, delete-cas, delete-tree.</summary>
public sealed record KvsCommand
{
    public required string Op { get; init; }

    public required KvEntry Entry { get; init; }

    /// <summary>The leader's clock when it proposed the command: lock-delay decisions use it, not the applying server's.</summary>
    public long NowUnixMs { get; init; }
}
