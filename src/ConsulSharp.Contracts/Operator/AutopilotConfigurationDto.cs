namespace ConsulSharp.Contracts.Operator;

/// <summary><c>/v1/operator/autopilot/configuration</c>: Consul's <c>api.AutopilotConfiguration</c> (durations as Go strings).</summary>
public sealed record AutopilotConfigurationDto
{
    public bool CleanupDeadServers { get; init; }

    public string LastContactThreshold { get; init; } = "0s";

    public ulong MaxTrailingLogs { get; init; }

    public uint MinQuorum { get; init; }

    public string ServerStabilizationTime { get; init; } = "0s";

    public string RedundancyZoneTag { get; init; } = "";

    public bool DisableUpgradeMigration { get; init; }

    public string UpgradeVersionTag { get; init; } = "";

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
