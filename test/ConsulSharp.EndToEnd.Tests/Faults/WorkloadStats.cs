namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>Thread-safe counters of the register workload's outcomes, for the test log and sanity assertions.</summary>
public sealed class WorkloadStats
{
    private readonly long[] _counts = new long[Enum.GetValues<WorkloadOutcome>().Length];

    public long CasOk => Interlocked.Read(ref _counts[(int)WorkloadOutcome.CasOk]);

    public void Count(WorkloadOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);

    public override string ToString() => string.Join(", ", Enum.GetValues<WorkloadOutcome>().Select(o => $"{o} {Interlocked.Read(ref _counts[(int)o])}"));
}
