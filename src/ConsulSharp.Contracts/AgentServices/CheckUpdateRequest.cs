namespace ConsulSharp.Contracts.AgentServices;

/// <summary>Body of <c>PUT /v1/agent/check/update/:id</c>.</summary>
public sealed record CheckUpdateRequest
{
    public string Status { get; init; } = "";

    public string Output { get; init; } = "";
}
