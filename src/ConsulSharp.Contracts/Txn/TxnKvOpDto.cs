namespace ConsulSharp.Contracts.Txn;

public sealed record TxnKvOpDto
{
    public string? Verb { get; init; }

    public string? Key { get; init; }

    public byte[]? Value { get; init; }

    public ulong Flags { get; init; }

    public ulong Index { get; init; }

    public string? Session { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }
}
