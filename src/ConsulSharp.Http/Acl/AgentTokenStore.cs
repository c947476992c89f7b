using System.Text.Json;

namespace ConsulSharp.Http.Acl;

/// <summary>The agent's own ACL tokens (Consul's <c>token.Store</c>): seeded from <c>acl.tokens</c>, replaced at runtime
/// by <c>PUT /v1/agent/token/&lt;kind&gt;</c>. With <c>acl.enable_token_persistence</c> and a data dir, tokens set
/// through the API are kept in <c>&lt;data-dir&gt;/acl-tokens.json</c> and win over the config at the next start.</summary>
public sealed class AgentTokenStore
{
    public const string PersistFile = "acl-tokens.json";

    private readonly Lock _persistLock = new();
    private readonly string? _persistPath;

    private volatile string _default;
    private volatile string _agent;
    private volatile string _agentRecovery;
    private volatile string _replication;
    private volatile string _configFileServiceRegistration;
    private volatile string _dns;

    public AgentTokenStore(Agent.Config.AclTokens tokens)
        : this(tokens, null)
    {
    }

    /// <summary><paramref name="persistDir"/>: the data dir when <c>enable_token_persistence</c> is on, else null.</summary>
    public AgentTokenStore(Agent.Config.AclTokens tokens, string? persistDir)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _default = tokens.Default ?? "";
        _agent = tokens.Agent ?? "";
        _agentRecovery = tokens.AgentRecovery ?? "";
        _replication = tokens.Replication ?? "";
        _configFileServiceRegistration = tokens.ConfigFileServiceRegistration ?? "";
        _dns = tokens.Dns ?? "";
        if (persistDir is { Length: > 0 })
        {
            _persistPath = Path.Combine(persistDir, PersistFile);
            Load();
        }
    }

    private static readonly string[] PersistedKinds = ["default", "agent", "agent_recovery", "replication", "config_file_service_registration", "dns"];

    private void Load()
    {
        if (_persistPath is null || !File.Exists(_persistPath))
        {
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(_persistPath));
        foreach (var kind in PersistedKinds)
        {
            if (doc.RootElement.TryGetProperty(kind, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } token)
            {
                Set(kind, token);
            }
        }
    }

    private void Persist()
    {
        if (_persistPath is null)
        {
            return;
        }

        lock (_persistLock)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                foreach (var (kind, value) in new[] { ("default", _default), ("agent", _agent), ("agent_recovery", _agentRecovery), ("replication", _replication), ("config_file_service_registration", _configFileServiceRegistration), ("dns", _dns) })
                {
                    if (value.Length > 0)
                    {
                        w.WriteString(kind, value);
                    }
                }

                w.WriteEndObject();
            }

            var temp = _persistPath + ".tmp";
            File.WriteAllBytes(temp, buffer.ToArray());
            File.Move(temp, _persistPath, overwrite: true);
        }
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
        if (!Set(kind, token))
        {
            return false;
        }

        Persist();
        return true;
    }

    private bool Set(string kind, string token)
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
