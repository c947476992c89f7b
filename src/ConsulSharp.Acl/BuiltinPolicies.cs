namespace ConsulSharp.Acl;

/// <summary>The policies and tokens every Consul datacenter has.</summary>
public static class BuiltinPolicies
{
    public const string GlobalManagementId = "00000000-0000-0000-0000-000000000001";

    public const string GlobalManagementName = "global-management";

    public const string GlobalManagementDescription = "Builtin Policy that grants unlimited access";

    public const string GlobalReadOnlyId = "00000000-0000-0000-0000-000000000002";

    public const string GlobalReadOnlyName = "builtin/global-read-only";

    public const string GlobalReadOnlyDescription = "Builtin Policy that grants unlimited read-only access to all components";

    /// <summary>The anonymous token's AccessorID (its SecretID is <c>anonymous</c>).</summary>
    public const string AnonymousTokenId = "00000000-0000-0000-0000-000000000002";

    public const string AnonymousTokenSecret = "anonymous";

    public const string AnonymousTokenDescription = "Anonymous Token";

    public const string InitialManagementDescription = "Initial Management Token";

    public const string BootstrapTokenDescription = "Bootstrap Token (Global Management)";

    public static readonly string GlobalManagementRules = Rules("write");

    public static readonly string GlobalReadOnlyRules = Rules("read");

    private static string Rules(string level) => $$"""
        acl = "{{level}}"
        agent_prefix "" {
          policy = "{{level}}"
        }
        event_prefix "" {
          policy = "{{level}}"
        }
        key_prefix "" {
          policy = "{{level}}"
        }
        keyring = "{{level}}"
        node_prefix "" {
          policy = "{{level}}"
        }
        operator = "{{level}}"
        mesh = "{{level}}"
        peering = "{{level}}"
        query_prefix "" {
          policy = "{{level}}"
        }
        service_prefix "" {
          policy = "{{level}}"
          intentions = "{{level}}"
        }
        session_prefix "" {
          policy = "{{level}}"
        }
        """;
}
