namespace ConsulSharp.Contracts.Acl;

/// <summary>The body of <c>PUT /v1/agent/token/&lt;kind&gt;</c> (<c>consul acl set-agent-token</c>).</summary>
public sealed record AgentTokenRequest
{
    public string? Token { get; init; }
}
