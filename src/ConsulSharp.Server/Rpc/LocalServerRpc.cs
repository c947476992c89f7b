namespace ConsulSharp.Server.Rpc;

/// <summary><see cref="IServerRpc"/> of a server agent: its own <see cref="ConsulServer"/> (which forwards writes to the leader).</summary>
public sealed class LocalServerRpc(ConsulServer server) : IServerRpc
{
    public Task<object?> ApplyAsync(byte[] command, CancellationToken cancellationToken) => server.ApplyAsync(command, cancellationToken);

    public Task<NodeCatalogView> NodeCatalogAsync(string node, CancellationToken cancellationToken) =>
        Task.FromResult(NodeCatalogView.Of(server.State.Current, node));
}
