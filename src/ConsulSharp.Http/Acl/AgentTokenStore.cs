namespace ConsulSharp.Http.Acl;

/// <summary>The agent's own ACL tokens (Consul's <c>token.Store</c>): seeded from <c>acl.tokens</c>, replaced at runtime
/// by <c>PUT /v1/agent/token/&lt;kind&gt;</c> (not persisted: <c>enable_token_persistence</c> is not supported).</summary>
public sealed class AgentTokenStore
{
    private volatile string _default;
    private volatile string _agent;
    private volatile string _agentRecovery;
    private volatile string _replication;
    private volatile string _configFileServiceRegistration;
    private volatile string _dns;

    public AgentTokenStore(Agent.Config.AclTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _default = tokens.Default ?? "";
        _agent = tokens.Agent ?? "";
        _agentRecovery = tokens.AgentRecovery ?? "";
        _replication = tokens.Replication ?? "";
        _configFileServiceRegistration = tokens.ConfigFileServiceRegistration ?? "";
        _dns = tokens.Dns ?? "";
    }

    /// <summary><c>acl.tokens.default</c>: used for requests that carry no token.</summary>
    public string Default => _default;

    /// <summary><c>acl.tokens.agent</c>: the agent's own operations (falls back to <see cref="Default"/>).</summary>
    public string Agent => _agent.Length > 0 ? _agent : _default;

    /// <summary><c>acl.tokens.agent_recovery</c>: full <c>agent:write</c> on this agent, resolved locally.</summary>
    public string AgentRecovery => _agentRecovery;

    public string Replication => _replication;

    public string ConfigFileServiceRegistration => _configFileServiceRegistration;

    public string Dns => _dns;

    /// <summary>Sets one token by the kinds <c>PUT /v1/agent/token/&lt;kind&gt;</c> accepts (new and legacy names);
    /// false for an unknown kind.</summary>
    public bool TrySet(string kind, string token)
    {
        switch (kind)
        {
            case "default" or "acl_token":
                _default = token;
                return true;
            case "agent" or "acl_agent_token":
                _agent = token;
                return true;
            case "agent_recovery" or "agent_master" or "acl_agent_master_token":
                _agentRecovery = token;
                return true;
            case "replication" or "acl_replication_token":
                _replication = token;
                return true;
            case "config_file_service_registration":
                _configFileServiceRegistration = token;
                return true;
            case "dns" or "dns_token":
                _dns = token;
                return true;
            default:
                return false;
        }
    }
}
