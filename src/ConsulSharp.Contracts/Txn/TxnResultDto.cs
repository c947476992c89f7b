using System.Text.Json.Serialization;
using ConsulSharp.Contracts.Kv;

namespace ConsulSharp.Contracts.Txn;

public sealed record TxnResultDto
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DirEntry? KV { get; init; }
}
