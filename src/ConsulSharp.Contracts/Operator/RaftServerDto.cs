namespace ConsulSharp.Contracts.Operator;

public sealed record RaftServerDto
{
    public required string ID { get; init; }

    public required string Node { get; init; }

    public required string Address { get; init; }

    public bool Leader { get; init; }

    public string ProtocolVersion { get; init; } = "3";

    public bool Voter { get; init; }

    public ulong LastIndex { get; init; }
}
