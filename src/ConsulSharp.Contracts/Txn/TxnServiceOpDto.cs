using System.Text.Json;

namespace ConsulSharp.Contracts.Txn;

public sealed record TxnServiceOpDto
{
    public string? Verb { get; init; }

    public string? Node { get; init; }

    public JsonElement Service { get; init; }
}
