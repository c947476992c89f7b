using ConsulSharp.Core.Requests;
using ConsulSharp.Raft.Storage;

namespace ConsulSharp.Server;

/// <summary>
/// A snapshot opened for <c>GET /v1/snapshot</c>: the Raft metadata, the state bytes (<see cref="Data"/>,
/// <see cref="SnapshotMetadata.Size"/> long; owned by the caller) and the query meta for the response headers.
/// </summary>
public sealed record ServerSnapshot(SnapshotMetadata Metadata, Stream Data, QueryMeta QueryMeta) : IDisposable
{
    public void Dispose() => Data.Dispose();
}
