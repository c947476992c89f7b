namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>What one step of the register workload in <see cref="PartitionTests"/> ended with.</summary>
public enum WorkloadOutcome
{
    Read,
    ReadFailed,
    CasOk,
    CasFailed,
    Unknown,
}
