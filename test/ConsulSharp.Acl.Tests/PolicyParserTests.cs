using ConsulSharp.Acl;

namespace ConsulSharp.Acl.Tests;

public sealed class PolicyParserTests
{
    [Fact]
    public void Parses_every_resource_in_hcl()
    {
        var rules = PolicyParser.Parse("""
            acl = "read"
            operator = "write"
            keyring = "deny"
            mesh = "read"
            peering = "read"
            key "a" { policy = "list" }
            key_prefix "b/" { policy = "write" }
            service "web" { policy = "write" intentions = "read" }
            service_prefix "" { policy = "read" }
            node "n1" { policy = "write" }
            node_prefix "" { policy = "read" }
            session_prefix "" { policy = "write" }
            event "deploy" { policy = "write" }
            query_prefix "q" { policy = "read" }
            agent "n1" { policy = "write" }
            agent_prefix "" { policy = "read" }
            """);

        Assert.Equal(AccessLevel.Read, rules.Acl);
        Assert.Equal(AccessLevel.Write, rules.Operator);
        Assert.Equal(AccessLevel.Deny, rules.Keyring);
        Assert.Equal(AccessLevel.Read, rules.Mesh);
        Assert.Equal([new AclRule("a", AccessLevel.List, false), new AclRule("b/", AccessLevel.Write, true)], rules.Keys);
        Assert.Equal([new AclRule("web", AccessLevel.Write, false, AccessLevel.Read), new AclRule("", AccessLevel.Read, true)], rules.Services);
        Assert.Equal(2, rules.Nodes.Count);
        Assert.Single(rules.Sessions);
        Assert.Single(rules.Events);
        Assert.Single(rules.Queries);
        Assert.Equal(2, rules.Agents.Count);
    }

    [Fact]
    public void Parses_json_rules_with_several_labels_in_one_object()
    {
        var rules = PolicyParser.Parse("""{"key": {"a": {"policy": "read"}, "b": {"policy": "write"}}, "key_prefix": {"c/": {"policy": "deny"}}, "operator": "read"}""");
        Assert.Equal([new AclRule("a", AccessLevel.Read, false), new AclRule("b", AccessLevel.Write, false), new AclRule("c/", AccessLevel.Deny, true)], rules.Keys);
        Assert.Equal(AccessLevel.Read, rules.Operator);
    }

    [Fact]
    public void Repeated_blocks_all_count_and_levels_are_case_insensitive()
    {
        var rules = PolicyParser.Parse("""
            key "a" { policy = "READ" }
            key "b" { policy = "Write" }
            """);
        Assert.Equal([new AclRule("a", AccessLevel.Read, false), new AclRule("b", AccessLevel.Write, false)], rules.Keys);
    }

    [Fact]
    public void Empty_rules_are_an_empty_policy_and_unknown_keys_are_ignored()
    {
        Assert.Same(PolicyRules.Empty, PolicyParser.Parse(""));
        var rules = PolicyParser.Parse("""
            whatever = "x"
            service "web" { policy = "read" intentions = "write" }
            """);
        Assert.Single(rules.Services);
    }

    [Theory]
    [InlineData("acl = \"list\"", "Invalid acl policy: \"list\"")]
    [InlineData("operator = \"admin\"", "Invalid operator policy: \"admin\"")]
    [InlineData("keyring = \"nope\"", "Invalid keyring policy: \"nope\"")]
    [InlineData("mesh = \"x\"", "Invalid mesh policy: \"x\"")]
    [InlineData("key \"foo\" { policy = \"nope\" }", "Invalid key policy: &acl.KeyRule{Prefix:\"foo\", Policy:\"nope\", EnterpriseRule:acl.EnterpriseRule{}}")]
    [InlineData("key_prefix \"foo\" { }", "Invalid key_prefix policy: &acl.KeyRule{Prefix:\"foo\", Policy:\"\", EnterpriseRule:acl.EnterpriseRule{}}")]
    [InlineData("service \"web\" { policy = \"list\" }", "Invalid service policy: &acl.ServiceRule{Name:\"web\", Policy:\"list\", Intentions:\"\", EnterpriseRule:acl.EnterpriseRule{}}")]
    [InlineData("service_prefix \"\" { policy = \"read\" intentions = \"x\" }", "Invalid service_prefix intentions policy: &acl.ServiceRule{Name:\"\", Policy:\"read\", Intentions:\"x\", EnterpriseRule:acl.EnterpriseRule{}}")]
    [InlineData("node \"n\" { policy = \"x\" }", "Invalid node policy: &acl.NodeRule{Name:\"n\", Policy:\"x\", EnterpriseRule:acl.EnterpriseRule{}}")]
    [InlineData("agent \"n\" { policy = \"x\" }", "Invalid agent policy: &acl.AgentRule{Node:\"n\", Policy:\"x\"}")]
    [InlineData("session_prefix \"\" { policy = \"x\" }", "Invalid session_prefix policy: &acl.SessionRule{Node:\"\", Policy:\"x\"}")]
    [InlineData("event \"e\" { policy = \"x\" }", "Invalid event policy: &acl.EventRule{Event:\"e\", Policy:\"x\"}")]
    [InlineData("query \"q\" { policy = \"x\" }", "Invalid query policy: &acl.PreparedQueryRule{Prefix:\"q\", Policy:\"x\"}")]
    public void Invalid_levels_fail_with_consuls_message(string text, string message)
    {
        var ex = Assert.Throws<AclRulesException>(() => PolicyParser.Parse(text));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Syntax_errors_are_failed_to_parse_with_the_position()
    {
        var ex = Assert.Throws<AclRulesException>(() => PolicyParser.Parse("key \"a\" { policy = "));
        Assert.StartsWith("Failed to parse ACL rules: At 1:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Global_management_rules_parse_to_write_everywhere()
    {
        var rules = PolicyParser.Parse(BuiltinPolicies.GlobalManagementRules);
        Assert.Equal(AccessLevel.Write, rules.Acl);
        Assert.Equal(AccessLevel.Write, rules.Operator);
        Assert.All(new[] { rules.Keys, rules.Services, rules.Nodes, rules.Sessions, rules.Events, rules.Queries, rules.Agents },
            list => Assert.Equal(new AclRule("", AccessLevel.Write, true, list == rules.Services ? AccessLevel.Write : AccessLevel.Unknown), Assert.Single(list)));
    }
}
