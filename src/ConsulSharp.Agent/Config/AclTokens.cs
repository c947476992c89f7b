namespace ConsulSharp.Agent.Config;

/// <summary><c>acl.tokens</c>; the deprecated names <c>master</c> and <c>agent_master</c> fill <c>initial_management</c> and <c>agent_recovery</c>.</summary>
public sealed record AclTokens
{
    public string? InitialManagement { get; init; }

    public string? Agent { get; init; }

    public string? AgentRecovery { get; init; }

    public string? Default { get; init; }

    public string? Replication { get; init; }

    public string? ConfigFileServiceRegistration { get; init; }

    public string? Dns { get; init; }
}
