namespace ConsulSharp.Raft.Transport;

/// <summary>
/// Moves <see cref="RaftMessage"/>s between nodes. Messages are one-way and best effort (Raft tolerates loss, duplication
/// and reordering) but an implementation should keep per-target order for throughput. Snapshots are streamed separately.
/// </summary>
public interface IRaftTransport : IAsyncDisposable
{
    /// <summary>The address other nodes use to reach this one (what goes into the configuration).</summary>
    string LocalAddress { get; }

    /// <summary>Starts delivering inbound traffic to <paramref name="handler"/>.</summary>
    void Start(IRaftMessageHandler handler);

    /// <summary>Queues <paramref name="message"/> for <paramref name="address"/>; never blocks.</summary>
    void Send(string address, RaftMessage message);

    /// <summary>Streams a snapshot; completes once the receiver has stored it, throws if it could not.</summary>
    Task SendSnapshotAsync(string address, RaftMessage header, Stream data, CancellationToken cancellationToken);
}
