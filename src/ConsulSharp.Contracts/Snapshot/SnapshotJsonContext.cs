using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Snapshot;

[JsonSerializable(typeof(SnapshotMeta))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
