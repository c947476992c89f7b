using System.Text.Json;

namespace ConsulSharp.Contracts.Txn;

public sealed record TxnNodeOpDto
{
    public string? Verb { get; init; }

    public JsonElement Node { get; init; }
}
