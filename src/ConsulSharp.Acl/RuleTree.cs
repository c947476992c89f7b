namespace ConsulSharp.Acl;

/// <summary>The exact and prefix rules of one resource in a character trie, with the lookups of Consul's radix-tree
/// authorizer: the deepest prefix rule on the path wins, an exact rule on the full segment beats it. Immutable after
/// construction; lookups do not allocate.</summary>
internal sealed class RuleTree
{
    private readonly Node _root = new();

    public bool IsEmpty { get; private set; } = true;

    public static RuleTree Build(IEnumerable<PolicyRules> policies, Func<PolicyRules, IReadOnlyList<AclRule>> select)
    {
        var tree = new RuleTree();
        foreach (var policy in policies)
        {
            foreach (var rule in select(policy))
            {
                tree.Add(rule.Segment, rule.Access, rule.Prefix);
            }
        }

        return tree;
    }

    /// <summary>Adds a rule; when the same segment already has one, Consul's merge keeps the stronger
    /// (deny, then write, then list, then read).</summary>
    public void Add(string segment, AccessLevel access, bool prefix)
    {
        IsEmpty = false;
        var node = _root;
        foreach (var c in segment)
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(c, out var next))
            {
                next = new Node();
                node.Children[c] = next;
            }

            node = next;
        }

        if (prefix)
        {
            node.Prefix = Merge(node.Prefix, access);
        }
        else
        {
            node.Exact = Merge(node.Exact, access);
        }
    }

    /// <summary>Consul's <c>getPolicy</c>: exact match on the whole segment, else the longest prefix rule.</summary>
    public AccessLevel Lookup(string segment)
    {
        var node = _root;
        var found = node.Prefix;
        foreach (var c in segment)
        {
            if (node.Children is null || !node.Children.TryGetValue(c, out node))
            {
                return found;
            }

            if (node.Prefix != AccessLevel.Unknown)
            {
                found = node.Prefix;
            }
        }

        return node.Exact != AccessLevel.Unknown ? node.Exact : found;
    }

    /// <summary>Consul's <c>KeyWritePrefix</c>: the governing prefix rule must grant write, and no rule at or under
    /// <paramref name="prefix"/> may grant less than write.</summary>
    public Decision WritePrefix(string prefix)
    {
        var baseDecision = Decision.Default;
        var node = _root;
        Node? under = node;
        foreach (var c in prefix)
        {
            if (node.Prefix != AccessLevel.Unknown)
            {
                baseDecision = node.Prefix == AccessLevel.Write ? Decision.Allow : Decision.Deny;
            }

            if (node.Children is null || !node.Children.TryGetValue(c, out var next))
            {
                under = null;
                break;
            }

            node = next;
        }

        if (under is not null && node.Prefix != AccessLevel.Unknown)
        {
            baseDecision = node.Prefix == AccessLevel.Write ? Decision.Allow : Decision.Deny;
        }

        if (baseDecision == Decision.Deny)
        {
            return Decision.Deny;
        }

        return under is not null && AnyBelowWrite(node) ? Decision.Deny : baseDecision;
    }

    /// <summary>Consul's <c>allAllowed</c> (ServiceReadAll, NodeReadAll): the <c>""</c> prefix rule decides unless
    /// any rule anywhere denies the access.</summary>
    public Decision All(AccessLevel required)
    {
        var decision = Enforce(_root.Prefix, required);
        if (decision == Decision.Deny)
        {
            return Decision.Deny;
        }

        return AnyDenies(_root, required) ? Decision.Deny : decision;
    }

    public static Decision Enforce(AccessLevel rule, AccessLevel required) => rule switch
    {
        AccessLevel.Write => Decision.Allow,
        AccessLevel.List => required is AccessLevel.List or AccessLevel.Read ? Decision.Allow : Decision.Deny,
        AccessLevel.Read => required == AccessLevel.Read ? Decision.Allow : Decision.Deny,
        AccessLevel.Deny => Decision.Deny,
        _ => Decision.Default,
    };

    /// <summary>Consul's <c>takesPrecedenceOver</c>: deny, then write, then list, then read.</summary>
    internal static AccessLevel Merge(AccessLevel current, AccessLevel incoming) =>
        Rank(incoming) > Rank(current) ? incoming : current;

    private static int Rank(AccessLevel level) => level switch
    {
        AccessLevel.Deny => 4,
        AccessLevel.Write => 3,
        AccessLevel.List => 2,
        AccessLevel.Read => 1,
        _ => 0,
    };

    private static bool AnyBelowWrite(Node node)
    {
        if ((node.Prefix != AccessLevel.Unknown && node.Prefix != AccessLevel.Write)
            || (node.Exact != AccessLevel.Unknown && node.Exact != AccessLevel.Write))
        {
            return true;
        }

        if (node.Children is not null)
        {
            foreach (var child in node.Children.Values)
            {
                if (AnyBelowWrite(child))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AnyDenies(Node node, AccessLevel required)
    {
        var prefix = Enforce(node.Prefix, required);
        if (prefix == Decision.Deny)
        {
            return true;
        }

        if (node.Exact != AccessLevel.Unknown && Enforce(node.Exact, required) == Decision.Deny)
        {
            return true;
        }

        if (node.Children is not null)
        {
            foreach (var child in node.Children.Values)
            {
                if (AnyDenies(child, required))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Node
    {
        public Dictionary<char, Node>? Children { get; set; }

        public AccessLevel Exact { get; set; }

        public AccessLevel Prefix { get; set; }
    }
}
