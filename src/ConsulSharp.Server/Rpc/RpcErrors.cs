namespace ConsulSharp.Server.Rpc;

/// <summary>Consul's texts for RPC routing failures.</summary>
public static class RpcErrors
{
    /// <summary>A client agent with no server to talk to (Consul's <c>structs.ErrNoServers</c>).</summary>
    public const string NoServers = "No known Consul servers";

    /// <summary>A request that kept being forwarded between servers that each think another one leads.</summary>
    public const string TooManyHops = "rpc error: request forwarded too many times (no stable leader)";

    /// <summary>How many server hops a request may take: client → server → leader, plus one leader change on the way.</summary>
    public const int MaxHops = 3;
}
