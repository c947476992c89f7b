using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Endpoints;

/// <summary>
/// The ACL endpoint of a server (Consul's <c>ACL.*</c> RPCs): validation with Consul's texts, then a Raft write; reads
/// are blocking queries over the state store. Permission checks are the caller's (the HTTP endpoints), as is the
/// "ACLs disabled" answer. Writes run on the leader (followers forward write requests), which reads its rows back.
/// </summary>
public sealed partial class AclService
{
    /// <summary>What a token's SecretID reads as to a caller without <c>acl:write</c>.</summary>
    public const string RedactedSecret = "<hidden>";

    /// <summary>Consul's <c>ACLReservedPrefix</c>: IDs with it are for builtin rows.</summary>
    public const string ReservedPrefix = "00000000-0000-0000-0000-0000000000";

    private const string BootstrapResetFile = "acl-bootstrap-reset";

    private readonly ConsulServer _server;
    private readonly ILogger _log;

    public AclService(ConsulServer server, ILoggerFactory loggers)
        : this(server, loggers.CreateLogger("agent.server.acl"))
    {
    }

    internal AclService(ConsulServer server, ILogger log)
    {
        _server = server;
        _log = log;
    }

    /// <summary>The current state version (token resolution on this server).</summary>
    public StateSnapshot State => _server.State.Current;

    /// <summary>The policies a token grants: its own links and its roles' links, deduplicated, existing rows only;
    /// with <paramref name="datacenter"/>, policies restricted to other datacenters (<c>Datacenters</c>) are left out.</summary>
    public static IReadOnlyList<AclPolicy> EffectivePolicies(StateSnapshot state, AclToken token, string? datacenter = null)
    {
        var ids = new List<string>(token.Policies);
        foreach (var roleId in token.Roles)
        {
            if (state.AclRoleById(roleId).Value is { } role)
            {
                ids.AddRange(role.Policies);
            }
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<AclPolicy>(ids.Count);
        foreach (var id in ids)
        {
            if (seen.Add(id) && state.AclPolicyById(id).Value is { } policy
                && (datacenter is null || policy.Datacenters.Count == 0 || policy.Datacenters.Contains(datacenter, StringComparer.OrdinalIgnoreCase)))
            {
                result.Add(policy);
            }
        }

        return result;
    }

    /// <summary>Every rules text a token grants in <paramref name="datacenter"/>: its policies (see
    /// <see cref="EffectivePolicies"/>) and the synthetic policies of its and its roles' service and node identities.
    /// Each comes with a cache key that changes when the text does.</summary>
    public static IReadOnlyList<(string Key, string Rules)> EffectiveRules(StateSnapshot state, AclToken token, string datacenter)
    {
        var result = EffectivePolicies(state, token, datacenter)
            .Select(p => (p.Id + "@" + p.ModifyIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Rules))
            .ToList();
        var services = new List<AclServiceIdentity>(token.ServiceIdentities);
        var nodes = new List<AclNodeIdentity>(token.NodeIdentities);
        foreach (var roleId in token.Roles)
        {
            if (state.AclRoleById(roleId).Value is { } role)
            {
                services.AddRange(role.ServiceIdentities);
                nodes.AddRange(role.NodeIdentities);
            }
        }

        foreach (var s in services)
        {
            if (s.Datacenters.Count == 0 || s.Datacenters.Contains(datacenter, StringComparer.OrdinalIgnoreCase))
            {
                result.Add(("service-identity:" + s.ServiceName, ServiceIdentityRules(s.ServiceName)));
            }
        }

        foreach (var n in nodes)
        {
            if (string.Equals(n.Datacenter, datacenter, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(("node-identity:" + n.NodeName, NodeIdentityRules(n.NodeName)));
            }
        }

        return result;
    }

    /// <summary>Consul's service identity template.</summary>
    public static string ServiceIdentityRules(string service) => $$"""
        service "{{service}}" {
          policy = "write"
        }
        service "{{service}}-sidecar-proxy" {
          policy = "write"
        }
        service_prefix "" {
          policy = "read"
        }
        node_prefix "" {
          policy = "read"
        }
        """;

    /// <summary>Consul's node identity template.</summary>
    public static string NodeIdentityRules(string node) => $$"""
        node "{{node}}" {
          policy = "write"
        }
        service_prefix "" {
          policy = "read"
        }
        """;

    private static List<AclServiceIdentity> CheckServiceIdentities(IReadOnlyList<AclServiceIdentity> identities, bool local, string what)
    {
        var merged = new List<AclServiceIdentity>();
        foreach (var id in identities)
        {
            if (id.ServiceName.Length == 0)
            {
                throw ConsulException.Internal($"Service identity is missing the service name field on this {what}");
            }

            if (local && id.Datacenters.Count > 0)
            {
                throw ConsulException.Internal($"Service identity \"{id.ServiceName}\" cannot specify a list of datacenters on a local token");
            }

            if (id.ServiceName.Length > 256 || !IdentityNameRegex().IsMatch(id.ServiceName))
            {
                throw ConsulException.Internal($"Service identity \"{id.ServiceName}\" has an invalid name. Only alphanumeric characters, '-' and '_' are allowed");
            }

            // Consul's dedupe: one entry per name; any entry without datacenters means "everywhere".
            var at = merged.FindIndex(m => m.ServiceName == id.ServiceName);
            if (at < 0)
            {
                merged.Add(id with { Datacenters = [.. id.Datacenters] });
            }
            else if (merged[at].Datacenters.Count == 0 || id.Datacenters.Count == 0)
            {
                merged[at] = merged[at] with { Datacenters = [] };
            }
            else
            {
                merged[at] = merged[at] with { Datacenters = merged[at].Datacenters.Union(id.Datacenters, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() };
            }
        }

        return merged;
    }

    private static List<AclNodeIdentity> CheckNodeIdentities(IReadOnlyList<AclNodeIdentity> identities, string what)
    {
        var result = new List<AclNodeIdentity>();
        foreach (var id in identities)
        {
            if (id.NodeName.Length == 0)
            {
                throw ConsulException.Internal($"Node identity is missing the node name field on this {what}");
            }

            if (id.Datacenter.Length == 0)
            {
                throw ConsulException.Internal($"Node identity is missing the datacenter field on this {what}");
            }

            if (id.NodeName.Length > 256 || !IdentityNameRegex().IsMatch(id.NodeName))
            {
                throw ConsulException.Internal("Node identity has an invalid name. Only alphanumeric characters, '-' and '_' are allowed");
            }

            if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        return result;
    }

    public static AclTokenView? View(StateSnapshot state, AclToken? token, WatchSet? ws = null)
    {
        if (token is null)
        {
            return null;
        }

        ws?.Add(WatchKey.Table(StateTable.AclPolicies));
        ws?.Add(WatchKey.Table(StateTable.AclRoles));
        var policies = token.Policies.Select(id => state.AclPolicyById(id).Value).OfType<AclPolicy>().Select(p => new AclLink(p.Id, p.Name)).ToList();
        var roles = token.Roles.Select(id => state.AclRoleById(id).Value).OfType<AclRole>().Select(r => new AclLink(r.Id, r.Name)).ToList();
        return new AclTokenView(token, policies, roles);
    }

    private static AclTokenView? View(StateSnapshot state, string accessorId) => View(state, state.AclTokenByAccessor(accessorId).Value);

    public static AclRoleView? RoleView(StateSnapshot state, AclRole? role, WatchSet? ws)
    {
        if (role is null)
        {
            return null;
        }

        ws?.Add(WatchKey.Table(StateTable.AclPolicies));
        var policies = role.Policies.Select(id => state.AclPolicyById(id).Value).OfType<AclPolicy>().Select(p => new AclLink(p.Id, p.Name)).ToList();
        return new AclRoleView(role, policies);
    }

    private static List<string> ResolvePolicyLinks(StateSnapshot state, IReadOnlyList<AclLink> links, bool checkIds)
    {
        var ids = new List<string>(links.Count);
        foreach (var link in links)
        {
            string id;
            if (link.Id.Length == 0)
            {
                id = state.AclPolicyByName(link.Name).Value?.Id ?? throw ConsulException.Internal($"No such ACL policy with name \"{link.Name}\"");
            }
            else
            {
                var policy = state.AclPolicyById(link.Id).Value;
                if (policy is null && checkIds)
                {
                    throw ConsulException.Internal($"No such ACL policy with ID \"{link.Id}\"");
                }

                id = policy?.Id ?? link.Id;
            }

            if (!ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static List<string> ResolveRoleLinks(StateSnapshot state, IReadOnlyList<AclLink> links)
    {
        var ids = new List<string>(links.Count);
        foreach (var link in links)
        {
            var id = link.Id.Length == 0
                ? state.AclRoleByName(link.Name).Value?.Id ?? throw ConsulException.Internal($"No such ACL role with name \"{link.Name}\"")
                : state.AclRoleById(link.Id).Value?.Id ?? throw ConsulException.Internal($"No such ACL role with ID \"{link.Id}\"");
            if (!ids.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private async Task ApplyAsync(byte[] command, string failure, CancellationToken cancellationToken)
    {
        try
        {
            await _server.ApplyAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulException ex) when (ex.Kind == ConsulErrorKind.Internal)
        {
            throw ConsulException.Internal($"{failure}: {ex.Message}");
        }
    }

    public static bool IsUuid(string s) => s.Length == 36 && Guid.TryParseExact(s, "D", out _);

    private static string NewId() => Guid.NewGuid().ToString();

    // Consul hashes with blake2b-256 over the same fields; clients treat the hash as opaque, so SHA-256 is used.
    private static AclToken WithHash(AclToken t) => t with
    {
        Hash = Hash(t.Description, string.Join(',', t.Policies), string.Join(',', t.Roles), t.Local ? "local" : "global", Identities(t.ServiceIdentities, t.NodeIdentities)),
    };

    private static AclPolicy WithHash(AclPolicy p) => p with { Hash = Hash(p.Name, p.Description, p.Rules, string.Join(',', p.Datacenters)) };

    private static AclRole WithHash(AclRole r) => r with { Hash = Hash(r.Name, r.Description, string.Join(',', r.Policies), Identities(r.ServiceIdentities, r.NodeIdentities)) };

    private static string Identities(IReadOnlyList<AclServiceIdentity> services, IReadOnlyList<AclNodeIdentity> nodes) =>
        string.Join(',', services.Select(s => s.ServiceName + "@" + string.Join('+', s.Datacenters))) + ";" + string.Join(',', nodes.Select(n => n.NodeName + "@" + n.Datacenter));

    private static byte[] Hash(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts)));

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{1,128}$")]
    private static partial Regex PolicyNameRegex();

    [GeneratedRegex(@"^[A-Za-z0-9\-_]{1,256}$")]
    private static partial Regex RoleNameRegex();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9\-_]*[a-z0-9])?$")]
    private static partial Regex IdentityNameRegex();
}
