namespace ConsulSharp.Agent.Config;

/// <summary>The <c>autopilot</c> block.</summary>
public sealed record AutopilotConfig
{
    public bool CleanupDeadServers { get; init; } = true;

    public TimeSpan LastContactThreshold { get; init; } = TimeSpan.FromMilliseconds(200);

    public int MaxTrailingLogs { get; init; } = 250;

    public int MinQuorum { get; init; }

    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(10);

    public string? RedundancyZoneTag { get; init; }

    public bool DisableUpgradeMigration { get; init; }

    public string? UpgradeVersionTag { get; init; }
}
