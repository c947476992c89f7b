namespace ConsulSharp.Contracts.Snapshot;

/// <summary>One server of the recorded configuration; <see cref="Suffrage"/> uses hashicorp/raft's numbers (0 voter, 1 non-voter).</summary>
public sealed record SnapshotServer(int Suffrage, string ID, string Address);
