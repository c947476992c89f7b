using System.Globalization;
using System.Text;
using ConsulSharp.Hcl;

namespace ConsulSharp.Acl;

/// <summary>Parses ACL rules text (HCL or JSON, as Consul's <c>acl.NewPolicyFromSource</c>) into validated
/// <see cref="PolicyRules"/>. Unknown keys are ignored, as HCL's decoder does (so <c>intentions</c> and enterprise
/// keys are accepted); invalid access levels fail with Consul's messages.</summary>
public static class PolicyParser
{
    private static readonly ResourceShape[] Shapes =
    [
        new("agent", "AgentRule", "Node", Enterprise: false, AllowList: false, Intentions: false),
        new("key", "KeyRule", "Prefix", Enterprise: true, AllowList: true, Intentions: false),
        new("node", "NodeRule", "Name", Enterprise: true, AllowList: false, Intentions: false),
        new("service", "ServiceRule", "Name", Enterprise: true, AllowList: false, Intentions: true),
        new("session", "SessionRule", "Node", Enterprise: false, AllowList: false, Intentions: false),
        new("event", "EventRule", "Event", Enterprise: false, AllowList: false, Intentions: false),
        new("query", "PreparedQueryRule", "Prefix", Enterprise: false, AllowList: false, Intentions: false),
    ];

    /// <summary>Throws <see cref="AclRulesException"/> with Consul's text when the rules are invalid.</summary>
    public static PolicyRules Parse(string rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Length == 0)
        {
            return PolicyRules.Empty;
        }

        HclObject root;
        try
        {
            root = HclParser.Parse(rules);
        }
        catch (HclParseException ex)
        {
            throw new AclRulesException("Failed to parse ACL rules: " + ex.Message, ex);
        }

        var acl = Scalar(root, "acl");
        if (acl.Length > 0 && !TryLevel(acl, allowList: false, out _))
        {
            throw new AclRulesException($"Invalid acl policy: {GoQuote(acl)}");
        }

        var lists = new List<AclRule>[Shapes.Length];
        for (var i = 0; i < Shapes.Length; i++)
        {
            lists[i] = [];
            foreach (var prefix in (ReadOnlySpan<bool>)[false, true])
            {
                var shape = Shapes[i];
                var field = prefix ? shape.Name + "_prefix" : shape.Name;
                foreach (var (segment, policy, intentions) in Blocks(root, field))
                {
                    if (!TryLevel(policy, shape.AllowList, out var level))
                    {
                        throw new AclRulesException($"Invalid {field} policy: {shape.Describe(segment, policy, intentions)}");
                    }

                    var intentionLevel = AccessLevel.Unknown;
                    if (shape.Intentions && intentions.Length > 0 && !TryLevel(intentions, allowList: false, out intentionLevel))
                    {
                        throw new AclRulesException($"Invalid {field} intentions policy: {shape.Describe(segment, policy, intentions)}");
                    }

                    lists[i].Add(new AclRule(segment, level, prefix, intentionLevel));
                }
            }
        }

        return new PolicyRules
        {
            Acl = Level(acl),
            Agents = lists[0],
            Keys = lists[1],
            Nodes = lists[2],
            Services = lists[3],
            Sessions = lists[4],
            Events = lists[5],
            Queries = lists[6],
            Keyring = CheckedScalar(root, "keyring"),
            Operator = CheckedScalar(root, "operator"),
            Mesh = CheckedScalar(root, "mesh"),
            Peering = CheckedScalar(root, "peering"),
        };
    }

    /// <summary>Consul's <c>AccessLevelFromString</c> (case-insensitive) plus <c>isPolicyValid</c>'s list rule.</summary>
    private static bool TryLevel(string text, bool allowList, out AccessLevel level)
    {
        level = Level(text);
        return level != AccessLevel.Unknown && (allowList || level != AccessLevel.List);
    }

    private static AccessLevel Level(string text) => text.ToLowerInvariant() switch
    {
        "deny" => AccessLevel.Deny,
        "read" => AccessLevel.Read,
        "list" => AccessLevel.List,
        "write" => AccessLevel.Write,
        _ => AccessLevel.Unknown,
    };

    private static AccessLevel CheckedScalar(HclObject root, string field)
    {
        var text = Scalar(root, field);
        if (text.Length > 0 && !TryLevel(text, allowList: false, out _))
        {
            throw new AclRulesException($"Invalid {field} policy: {GoQuote(text)}");
        }

        return Level(text);
    }

    private static string Scalar(HclObject obj, string field) => obj[field] is { } node ? Text(node, field) : "";

    private static string Text(HclNode node, string field) => node switch
    {
        HclString s => s.Value,
        HclInt or HclFloat or HclBool => Convert.ToString(node.ToPlainValue(), CultureInfo.InvariantCulture)!.ToLowerInvariant(),
        HclNull => "",
        _ => throw new AclRulesException($"Failed to parse ACL rules: {field}: unknown type for string {node.GoTypeName}"),
    };

    /// <summary>The labelled blocks of one field: <c>key "a" { ... }</c> in HCL (a list of one-label objects) or
    /// <c>"key": {"a": {...}, "b": {...}}</c> in JSON; each yields (label, policy, intentions).</summary>
    private static IEnumerable<(string Segment, string Policy, string Intentions)> Blocks(HclObject root, string field)
    {
        if (root[field] is not { } node)
        {
            yield break;
        }

        foreach (var labels in Objects(node, field))
        {
            foreach (var label in labels.Properties)
            {
                foreach (var body in Objects(label.Value, field))
                {
                    yield return (label.Key, body["policy"] is { } p ? Text(p, "policy") : "", body["intentions"] is { } i ? Text(i, "intentions") : "");
                }
            }
        }
    }

    private static IEnumerable<HclObject> Objects(HclNode node, string field)
    {
        switch (node)
        {
            case HclObject o:
                yield return o;
                break;
            case HclList list:
                foreach (var item in list.Items)
                {
                    if (item is not HclObject o)
                    {
                        throw new AclRulesException($"Failed to parse ACL rules: {field}: not an object type for struct ({item.GoTypeName})");
                    }

                    yield return o;
                }

                break;
            default:
                throw new AclRulesException($"Failed to parse ACL rules: {field}: not an object type for struct ({node.GoTypeName})");
        }
    }

    /// <summary>Go's <c>%q</c> / <c>%#v</c> of a string.</summary>
    internal static string GoQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\x7f')
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private sealed record ResourceShape(string Name, string GoType, string LabelField, bool Enterprise, bool AllowList, bool Intentions)
    {
        /// <summary>Go's <c>%#v</c> of the rule pointer, e.g. <c>&amp;acl.KeyRule{Prefix:"a", Policy:"x", EnterpriseRule:acl.EnterpriseRule{}}</c>.</summary>
        public string Describe(string segment, string policy, string intentions)
        {
            var sb = new StringBuilder("&acl.").Append(GoType).Append('{')
                .Append(LabelField).Append(':').Append(GoQuote(segment))
                .Append(", Policy:").Append(GoQuote(policy));
            if (Intentions)
            {
                sb.Append(", Intentions:").Append(GoQuote(intentions));
            }

            if (Enterprise)
            {
                sb.Append(", EnterpriseRule:acl.EnterpriseRule{}");
            }

            return sb.Append('}').ToString();
        }
    }
}
