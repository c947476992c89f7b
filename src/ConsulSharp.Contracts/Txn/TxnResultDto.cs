using System.Text.Json.Serialization;
using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Contracts.Health;
using ConsulSharp.Contracts.Kv;

namespace ConsulSharp.Contracts.Txn;

public sealed record TxnResultDto
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DirEntry? KV { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NodeEntry? Node { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NodeServiceEntry? Service { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthCheckEntry? Check { get; init; }
}
