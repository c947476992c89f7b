namespace ConsulSharp.Contracts.Operator;

/// <summary><c>GET /v1/operator/raft/configuration</c>.</summary>
public sealed record RaftConfigurationDto(List<RaftServerDto> Servers, ulong Index);
