using System.Collections.Concurrent;
using System.Text.Json;
using ConsulSharp.Agent.Config;

namespace ConsulSharp.Http.Acl;

/// <summary>
/// The agent's own ACL tokens (Consul's <c>token.Store</c>). A token set by <c>PUT /v1/agent/token/&lt;kind&gt;</c>
/// wins; otherwise the current config's <c>acl.tokens</c> answers (so a reload applies changed tokens). With
/// <c>acl.enable_token_persistence</c> and a data dir, tokens set through the API are kept in
/// <c>&lt;data-dir&gt;/acl-tokens.json</c> and win over the config at the next start.
/// </summary>
public sealed class AgentTokenStore
{
    public const string PersistFile = "acl-tokens.json";

    private static readonly string[] Kinds = ["default", "agent", "agent_recovery", "replication", "config_file_service_registration", "dns"];

    private readonly Func<AclTokens> _config;
    private readonly ConcurrentDictionary<string, string> _set = new(StringComparer.Ordinal);
    private readonly Lock _persistLock = new();
    private readonly string? _persistPath;

    public AgentTokenStore(AclTokens tokens)
        : this(tokens, null)
    {
    }

    public AgentTokenStore(AclTokens tokens, string? persistDir)
        : this(() => tokens, persistDir)
    {
        ArgumentNullException.ThrowIfNull(tokens);
    }

    /// <summary><paramref name="config"/> is read on every access (the agent's current config);
    /// <paramref name="persistDir"/> is the data dir when <c>enable_token_persistence</c> is on, else null.</summary>
    public AgentTokenStore(Func<AclTokens> config, string? persistDir)
    {
        _config = config;
        if (persistDir is { Length: > 0 })
        {
            _persistPath = Path.Combine(persistDir, PersistFile);
            Load(_persistPath);
        }
    }

    /// <summary><c>acl.tokens.default</c>: used for requests that carry no token.</summary>
    public string Default => Get("default", _config().Default);

    /// <summary><c>acl.tokens.agent</c>: the agent's own operations (falls back to <see cref="Default"/>).</summary>
    public string Agent => Get("agent", _config().Agent) is { Length: > 0 } agent ? agent : Default;

    /// <summary><c>acl.tokens.agent_recovery</c>: full <c>agent:write</c> on this agent, resolved locally.</summary>
    public string AgentRecovery => Get("agent_recovery", _config().AgentRecovery);

    public string Replication => Get("replication", _config().Replication);

    public string ConfigFileServiceRegistration => Get("config_file_service_registration", _config().ConfigFileServiceRegistration);

    public string Dns => Get("dns", _config().Dns);

    /// <summary>Sets one token by the kinds <c>PUT /v1/agent/token/&lt;kind&gt;</c> accepts (new and legacy names);
    /// false for an unknown kind.</summary>
    public bool TrySet(string kind, string token)
    {
        if (Canonical(kind) is not { } name)
        {
            return false;
        }

        _set[name] = token;
        Persist();
        return true;
    }

    private string Get(string kind, string? configured) => _set.TryGetValue(kind, out var v) ? v : configured ?? "";

    private static string? Canonical(string kind) => kind switch
    {
        "default" or "acl_token" => "default",
        "agent" or "acl_agent_token" => "agent",
        "agent_recovery" or "agent_master" or "acl_agent_master_token" => "agent_recovery",
        "replication" or "acl_replication_token" => "replication",
        "config_file_service_registration" => "config_file_service_registration",
        "dns" or "dns_token" => "dns",
        _ => null,
    };

    private void Load(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var kind in Kinds)
        {
            if (doc.RootElement.TryGetProperty(kind, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } token)
            {
                _set[kind] = token;
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
                foreach (var kind in Kinds)
                {
                    if (_set.TryGetValue(kind, out var value) && value.Length > 0)
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
}
