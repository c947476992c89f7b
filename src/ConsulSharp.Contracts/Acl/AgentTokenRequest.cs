namespace ConsulSharp.Contracts.Acl;

/// <summary>The body of <c>PUT /v1/agent/token/:kind</c>.</summary>
public sealed record AgentTokenRequest
{
    public string Token { get; init; } = "";
}
