namespace ConsulSharp.Core.Structs;

/// <summary>
/// Consul's autopilot configuration (<c>structs.AutopilotConfig</c>), replicated through Raft. Defaults are Consul's
/// (<see cref="Default"/>): dead-server cleanup on, 200 ms last-contact threshold, 250 trailing logs, 10 s stabilization.
/// </summary>
public sealed record AutopilotConfig
{
    public static AutopilotConfig Default { get; } = new();

    public bool CleanupDeadServers { get; init; } = true;

    public TimeSpan LastContactThreshold { get; init; } = TimeSpan.FromMilliseconds(200);

    public ulong MaxTrailingLogs { get; init; } = 250;

    public uint MinQuorum { get; init; }

    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(10);

    public string RedundancyZoneTag { get; init; } = "";

    public bool DisableUpgradeMigration { get; init; }

    public string UpgradeVersionTag { get; init; } = "";

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
