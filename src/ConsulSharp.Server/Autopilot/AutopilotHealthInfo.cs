namespace ConsulSharp.Server.Autopilot;

/// <summary>The cluster's health (Consul's <c>OperatorHealthReply</c> / autopilot state) computed on the leader.</summary>
public sealed record AutopilotHealthInfo(
    bool Healthy,
    int FailureTolerance,
    int OptimisticFailureTolerance,
    string LeaderId,
    IReadOnlyList<ServerHealthInfo> Servers);
