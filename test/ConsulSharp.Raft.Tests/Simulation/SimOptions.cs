namespace ConsulSharp.Raft.Tests.Simulation;

internal sealed record SimOptions
{
    public int Servers { get; init; } = 5;

    public int InitialVoters { get; init; } = 3;

    public long FaultPhaseMs { get; init; } = 3000;

    public long HealDeadlineMs { get; init; } = 6000;

    public bool MembershipChanges { get; init; } = true;

    public bool Trace { get; init; }
}
