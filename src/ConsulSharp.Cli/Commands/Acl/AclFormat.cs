using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>
/// Consul's <c>pretty</c> and <c>json</c> output of tokens, policies and roles: labels padded as Consul's formatters
/// pad them, times as Go's <c>time.Time</c> prints them, hashes in hex, JSON indented by four spaces.
/// </summary>
public static partial class AclFormat
{
    public const string Pretty = "pretty";

    public const string JsonFormat = "json";

    public const string FormatUsage = "Output format {pretty|json}";

    public static string Token(AclTokenEntry token, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(token);
        var sb = new StringBuilder();
        Line(sb, "AccessorID:       ", token.AccessorID);
        Line(sb, "SecretID:         ", token.SecretID);
        if (!string.IsNullOrEmpty(token.Partition))
        {
            Line(sb, "Partition:        ", token.Partition);
        }

        if (!string.IsNullOrEmpty(token.Namespace))
        {
            Line(sb, "Namespace:        ", token.Namespace);
        }

        Line(sb, "Description:      ", token.Description);
        Line(sb, "Local:            ", Bool(token.Local));
        if (!string.IsNullOrEmpty(token.AuthMethod))
        {
            Line(sb, "Auth Method:      ", $"{token.AuthMethod} (Namespace: {token.AuthMethodNamespace})");
        }

        Line(sb, "Create Time:      ", GoTime(token.CreateTime));
        if (!string.IsNullOrEmpty(token.ExpirationTime) && !IsZeroTime(token.ExpirationTime))
        {
            Line(sb, "Expiration Time:  ", GoTime(token.ExpirationTime));
        }

        if (showMeta)
        {
            Line(sb, "Hash:             ", Hex(token.Hash));
            Line(sb, "Create Index:     ", Num(token.CreateIndex));
            Line(sb, "Modify Index:     ", Num(token.ModifyIndex));
        }

        Links(sb, "Policies:", token.Policies, "   ");
        Links(sb, "Roles:", token.Roles, "   ");
        ServiceIdentities(sb, token.ServiceIdentities, "", "   ");
        NodeIdentities(sb, token.NodeIdentities, "", "   ");
        return sb.ToString();
    }

    /// <summary>Token list entries, separated by an empty line.</summary>
    public static string TokenList(IEnumerable<AclTokenEntry> tokens, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sb = new StringBuilder();
        var first = true;
        foreach (var token in tokens)
        {
            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            sb.Append(Token(token, showMeta));
        }

        return sb.ToString();
    }

    public static string Policy(AclPolicyEntry policy, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var sb = new StringBuilder();
        Line(sb, "ID:           ", policy.ID);
        Line(sb, "Name:         ", policy.Name);
        if (!string.IsNullOrEmpty(policy.Namespace))
        {
            Line(sb, "Namespace:    ", policy.Namespace);
        }

        Line(sb, "Description:  ", policy.Description);
        Line(sb, "Datacenters:  ", string.Join(", ", policy.Datacenters ?? []));
        if (showMeta)
        {
            Line(sb, "Hash:         ", Hex(policy.Hash));
            Line(sb, "Create Index: ", Num(policy.CreateIndex));
            Line(sb, "Modify Index: ", Num(policy.ModifyIndex));
        }

        sb.Append("Rules:\n").Append(policy.Rules);
        return sb.ToString();
    }

    public static string PolicyList(IEnumerable<AclPolicyListEntry> policies, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var sb = new StringBuilder();
        foreach (var policy in policies)
        {
            sb.Append(policy.Name).Append(":\n");
            Line(sb, "   ID:           ", policy.ID);

            Line(sb, "   Description:  ", policy.Description);
            Line(sb, "   Datacenters:  ", string.Join(", ", policy.Datacenters ?? []));
            if (showMeta)
            {
                Line(sb, "   Hash:         ", Hex(policy.Hash));
                Line(sb, "   Create Index: ", Num(policy.CreateIndex));
                Line(sb, "   Modify Index: ", Num(policy.ModifyIndex));
            }
        }

        return sb.ToString();
    }

    public static string Role(AclRoleEntry role, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(role);
        var sb = new StringBuilder();
        Line(sb, "ID:           ", role.ID);
        Line(sb, "Name:         ", role.Name);
        if (!string.IsNullOrEmpty(role.Partition))
        {
            Line(sb, "Partition:    ", role.Partition);
        }

        if (!string.IsNullOrEmpty(role.Namespace))
        {
            Line(sb, "Namespace:    ", role.Namespace);
        }

        Line(sb, "Description:  ", role.Description);
        if (showMeta)
        {
            Line(sb, "Hash:         ", Hex(role.Hash));
            Line(sb, "Create Index: ", Num(role.CreateIndex));
            Line(sb, "Modify Index: ", Num(role.ModifyIndex));
        }

        Links(sb, "Policies:", role.Policies, "   ");
        ServiceIdentities(sb, role.ServiceIdentities, "", "   ");
        NodeIdentities(sb, role.NodeIdentities, "", "   ");
        return sb.ToString();
    }

    public static string RoleList(IEnumerable<AclRoleEntry> roles, bool showMeta)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var sb = new StringBuilder();
        foreach (var role in roles)
        {
            sb.Append(role.Name).Append(":\n");
            Line(sb, "   ID:           ", role.ID);
            if (!string.IsNullOrEmpty(role.Partition))
            {
                Line(sb, "   Partition:    ", role.Partition);
            }

            if (!string.IsNullOrEmpty(role.Namespace))
            {
                Line(sb, "   Namespace:    ", role.Namespace);
            }

            Line(sb, "   Description:  ", role.Description);
            if (showMeta)
            {
                Line(sb, "   Hash:         ", Hex(role.Hash));
                Line(sb, "   Create Index: ", Num(role.CreateIndex));
                Line(sb, "   Modify Index: ", Num(role.ModifyIndex));
            }

            Links(sb, "   Policies:", role.Policies, "      ");
            ServiceIdentities(sb, role.ServiceIdentities, "   ", "      ");
            NodeIdentities(sb, role.NodeIdentities, "   ", "      ");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Go's <c>json.MarshalIndent(v, "", "    ")</c> of the value as Consul's CLI holds it (no trailing newline). Policies
    /// and roles print in their wire order; a token or token list prints in Go <c>api.ACLToken</c> /
    /// <c>api.ACLTokenListEntry</c> order (see <see cref="ApiTokenOrder"/>), which differs from the HTTP API's.
    /// </summary>
    public static string Json<T>(T value, JsonTypeInfo<T> info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var indented = (JsonTypeInfo<T>)ConsulJson.IndentedContext.GetTypeInfo(info.Type)!;
        if (value is not (AclTokenEntry or IEnumerable<AclTokenEntry>))
        {
            return JsonSerializer.Serialize(value, indented);
        }

        var node = JsonSerializer.SerializeToNode(value, indented);
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                ApiTokenOrder(item as JsonObject, omitNullHash: false);
            }
        }
        else
        {
            ApiTokenOrder(node as JsonObject, omitNullHash: true);
        }

        return node?.ToJsonString(indented.Options) ?? "null";
    }

    // Go api.ACLToken / api.ACLTokenListEntry field order: the Raft indexes first, ExpirationTTL before
    // ExpirationTime; the wire types (structs.ACLToken order) write the indexes last.
    private static readonly string[] ApiTokenFields =
    [
        "CreateIndex", "ModifyIndex", "AccessorID", "SecretID", "Description", "Policies", "Roles", "ServiceIdentities",
        "NodeIdentities", "Local", "AuthMethod", "ExpirationTTL", "ExpirationTime", "CreateTime", "Hash", "Namespace",
        "Partition", "AuthMethodNamespace",
    ];

    /// <summary>Re-orders a token object to the api order; api.ACLToken's <c>Hash</c> is omitempty, the list entry's is not.</summary>
    private static void ApiTokenOrder(JsonObject? token, bool omitNullHash)
    {
        if (token is null)
        {
            return;
        }

        var fields = token.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        token.Clear();
        foreach (var name in ApiTokenFields)
        {
            if (fields.Remove(name, out var field) && !(omitNullHash && name == "Hash" && field is null))
            {
                token[name] = field;
            }
        }

        foreach (var (name, field) in fields)
        {
            token[name] = field;
        }
    }

    /// <summary>
    /// An RFC 3339 time as Go's <c>time.Time.String()</c> prints it after decoding: <c>2006-01-02 15:04:05.999999999 -0700 MST</c>
    /// (fraction without trailing zeros; a zero offset is UTC, any other offset is printed as its own name).
    /// </summary>
    public static string GoTime(string? rfc3339)
    {
        if (string.IsNullOrEmpty(rfc3339))
        {
            return "0001-01-01 00:00:00 +0000 UTC";
        }

        var m = Rfc3339().Match(rfc3339);
        if (!m.Success)
        {
            return rfc3339;
        }

        var frac = m.Groups["frac"].Value.TrimEnd('0');
        var zone = m.Groups["zone"].Value;
        string offset;
        string name;
        if (zone is "Z" or "z" or "+00:00" or "-00:00")
        {
            offset = "+0000";
            name = "UTC";
        }
        else
        {
            offset = zone.Replace(":", "", StringComparison.Ordinal);
            name = offset;
        }

        return $"{m.Groups["date"].Value} {m.Groups["time"].Value}{(frac.Length > 1 ? frac : "")} {offset} {name}";
    }

    /// <summary>Go's <c>%x</c> of a byte slice: lowercase hex, empty for none.</summary>
    public static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    private static bool IsZeroTime(string text) => text.StartsWith("0001-01-01T00:00:00", StringComparison.Ordinal);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string label, string? value) => sb.Append(label).Append(value).Append('\n');

    private static void Links(StringBuilder sb, string heading, List<AclLinkEntry>? links, string indent)
    {
        if (links is not { Count: > 0 })
        {
            return;
        }

        sb.Append(heading).Append('\n');
        foreach (var link in links)
        {
            sb.Append(indent).Append(link.ID).Append(" - ").Append(link.Name).Append('\n');
        }
    }

    private static void ServiceIdentities(StringBuilder sb, List<AclServiceIdentityEntry>? identities, string headingIndent, string indent)
    {
        if (identities is not { Count: > 0 })
        {
            return;
        }

        sb.Append(headingIndent).Append("Service Identities:\n");
        foreach (var id in identities)
        {
            var dcs = id.Datacenters is { Count: > 0 } d ? string.Join(", ", d) : "all";
            sb.Append(indent).Append(id.ServiceName).Append(" (Datacenters: ").Append(dcs).Append(")\n");
        }
    }

    private static void NodeIdentities(StringBuilder sb, List<AclNodeIdentityEntry>? identities, string headingIndent, string indent)
    {
        if (identities is not { Count: > 0 })
        {
            return;
        }

        sb.Append(headingIndent).Append("Node Identities:\n");
        foreach (var id in identities)
        {
            sb.Append(indent).Append(id.NodeName).Append(" (Datacenter: ").Append(id.Datacenter).Append(")\n");
        }
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt](?<time>\d{2}:\d{2}:\d{2})(?<frac>\.\d+)?(?<zone>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
