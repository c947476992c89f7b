namespace ConsulSharp.Raft.Transport;

/// <summary>Inbound side of a transport, implemented by <see cref="RaftNode"/>.</summary>
public interface IRaftMessageHandler
{
    /// <summary>A message arrived; <paramref name="fromAddress"/> is the sender's advertised address when known.</summary>
    void OnMessage(RaftMessage message, string? fromAddress);

    /// <summary>A snapshot is being received: store <paramref name="data"/> durably, then hand the header to the node.</summary>
    Task ReceiveSnapshotAsync(RaftMessage header, Stream data, string? fromAddress, CancellationToken cancellationToken);
}
