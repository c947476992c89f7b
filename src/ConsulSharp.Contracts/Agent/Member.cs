namespace ConsulSharp.Contracts.Agent;

/// <summary>A gossip pool member as <c>/v1/agent/members</c> reports it. Status: 0 none, 1 alive, 2 leaving, 3 left, 4 failed.</summary>
public sealed record Member
{
    public required string Name { get; init; }

    public required string Addr { get; init; }

    public required int Port { get; init; }

    public required Dictionary<string, string> Tags { get; init; }

    public required int Status { get; init; }

    public int ProtocolMin { get; init; } = 1;

    public int ProtocolMax { get; init; } = 5;

    public int ProtocolCur { get; init; } = 2;

    public int DelegateMin { get; init; } = 2;

    public int DelegateMax { get; init; } = 5;

    public int DelegateCur { get; init; } = 4;
}
