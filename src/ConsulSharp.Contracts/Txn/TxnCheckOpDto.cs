using System.Text.Json;

namespace ConsulSharp.Contracts.Txn;

public sealed record TxnCheckOpDto
{
    public string? Verb { get; init; }

    public JsonElement Check { get; init; }
}
