namespace ConsulSharp.Server.Rpc;

/// <summary>
/// The servers as an agent's own subsystems reach them (anti-entropy): in-process on a server
/// (<see cref="LocalServerRpc"/>), over server RPC on a client agent (<see cref="RemoteServerRpc"/>).
/// </summary>
public interface IServerRpc
{
    /// <summary>Applies a Raft command through the leader; FSM validation errors are thrown as <c>ConsulException</c>.</summary>
    Task<object?> ApplyAsync(byte[] command, CancellationToken cancellationToken);

    /// <summary>The catalog's view of one node (a stale read on the server answering).</summary>
    Task<NodeCatalogView> NodeCatalogAsync(string node, CancellationToken cancellationToken);
}
