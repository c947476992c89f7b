namespace ConsulSharp.Contracts.Operator;

/// <summary><c>/v1/operator/autopilot/health</c> (Consul's <c>api.OperatorHealthReply</c>).</summary>
public sealed record OperatorHealthReplyDto(bool Healthy, int FailureTolerance, IReadOnlyList<ServerHealthDto> Servers);
