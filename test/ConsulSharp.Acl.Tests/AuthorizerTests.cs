using ConsulSharp.Acl;

namespace ConsulSharp.Acl.Tests;

public sealed class AuthorizerTests
{
    private static IAuthorizer Compile(string defaultPolicy, params string[] policies) =>
        Authorizers.Compile(policies.Select(PolicyParser.Parse), Authorizers.ForDefaultPolicy(defaultPolicy));

    [Fact]
    public void Longest_prefix_wins()
    {
        var a = Compile("deny", """
            key_prefix "" { policy = "read" }
            key_prefix "app/" { policy = "write" }
            key_prefix "app/secret/" { policy = "deny" }
            """);
        Assert.True(a.KeyRead("other"));
        Assert.False(a.KeyWrite("other"));
        Assert.True(a.KeyWrite("app/x"));
        Assert.False(a.KeyRead("app/secret/pw"));
        Assert.True(a.KeyWrite("app/secre"));
    }

    [Fact]
    public void Exact_beats_prefix_on_the_same_and_shorter_segment()
    {
        var a = Compile("deny", """
            key_prefix "foo" { policy = "write" }
            key "foo" { policy = "read" }
            key "fo" { policy = "deny" }
            """);
        Assert.False(a.KeyWrite("foo"));
        Assert.True(a.KeyRead("foo"));
        Assert.True(a.KeyWrite("foobar"));
        Assert.False(a.KeyRead("fo"));
        Assert.False(a.KeyRead("f"));
    }

    [Fact]
    public void Prefix_rule_deeper_than_an_exact_rule_does_not_apply_to_the_exact_segment()
    {
        // exact "a" only matches the key "a"; "ab" is governed by the prefix "a" rule.
        var a = Compile("allow", """
            key "a" { policy = "deny" }
            key_prefix "a" { policy = "read" }
            """);
        Assert.False(a.KeyRead("a"));
        Assert.True(a.KeyRead("ab"));
        Assert.False(a.KeyWrite("ab"));
    }

    [Fact]
    public void Deny_wins_when_two_policies_name_the_same_segment()
    {
        var a = Compile("allow",
            """service "web" { policy = "write" }""",
            """service "web" { policy = "deny" }""");
        Assert.False(a.ServiceRead("web"));
        Assert.True(a.ServiceRead("db"));
    }

    [Fact]
    public void Write_beats_read_when_two_policies_name_the_same_segment()
    {
        var a = Compile("deny",
            """node "n1" { policy = "read" }""",
            """node "n1" { policy = "write" }""");
        Assert.True(a.NodeWrite("n1"));
    }

    [Fact]
    public void Levels_grant_as_consul_read_list_write()
    {
        var a = Compile("deny", """
            key "r" { policy = "read" }
            key "l" { policy = "list" }
            key "w" { policy = "write" }
            """);
        Assert.True(a.KeyRead("r"));
        Assert.False(a.KeyList("r"));
        Assert.False(a.KeyWrite("r"));
        Assert.True(a.KeyRead("l"));
        Assert.True(a.KeyList("l"));
        Assert.False(a.KeyWrite("l"));
        Assert.True(a.KeyList("w"));
        Assert.True(a.KeyWrite("w"));
    }

    [Fact]
    public void No_rule_falls_through_to_the_default_policy()
    {
        var allow = Compile("allow", """key "a" { policy = "deny" }""");
        Assert.True(allow.ServiceWrite("x"));
        Assert.True(allow.OperatorWrite());
        Assert.False(allow.AclRead()); // default allow never grants ACL management
        var deny = Compile("deny", """key "a" { policy = "read" }""");
        Assert.False(deny.KeyRead("b"));
        Assert.False(deny.OperatorRead());
    }

    [Fact]
    public void Operator_keyring_and_acl_scalars()
    {
        var a = Compile("deny", """
            operator = "read"
            keyring = "write"
            acl = "read"
            """);
        Assert.True(a.OperatorRead());
        Assert.False(a.OperatorWrite());
        Assert.True(a.KeyringWrite());
        Assert.True(a.AclRead());
        Assert.False(a.AclWrite());
    }

    [Fact]
    public void Mesh_falls_back_to_operator_without_a_mesh_rule()
    {
        var a = Compile("deny", """operator = "write" """);
        Assert.True(a.MeshWrite());
        var b = Compile("deny", """
            operator = "write"
            mesh = "read"
            """);
        Assert.True(b.MeshRead());
        Assert.False(b.MeshWrite());
    }

    [Fact]
    public void Key_write_prefix_needs_write_on_every_rule_under_the_prefix()
    {
        var a = Compile("deny", """
            key_prefix "app/" { policy = "write" }
            key "app/locked" { policy = "read" }
            """);
        Assert.True(a.KeyWrite("app/x"));
        Assert.False(a.KeyWritePrefix("app/"));
        Assert.True(a.KeyWritePrefix("app/x"));
        Assert.False(a.KeyWritePrefix(""));
        var b = Compile("allow", """key "app/locked" { policy = "read" }""");
        Assert.False(b.KeyWritePrefix("app/"));
        Assert.True(b.KeyWritePrefix("other/"));
        var c = Compile("deny", """key_prefix "" { policy = "read" }""");
        Assert.False(c.KeyWritePrefix("x/"));
    }

    [Fact]
    public void Read_all_needs_the_empty_prefix_and_no_denial()
    {
        Assert.True(Compile("deny", """service_prefix "" { policy = "read" }""").ServiceReadAll());
        Assert.False(Compile("deny", """service "web" { policy = "read" }""").ServiceReadAll());
        Assert.False(Compile("deny", """
            service_prefix "" { policy = "read" }
            service "secret" { policy = "deny" }
            """).ServiceReadAll());
        Assert.True(Compile("allow", """service "web" { policy = "write" }""").ServiceReadAll());
        Assert.False(Compile("allow", """node "n" { policy = "deny" }""").NodeReadAll());
    }

    [Fact]
    public void Agent_session_event_and_query_rules()
    {
        var a = Compile("deny", """
            agent "node1" { policy = "write" }
            agent_prefix "" { policy = "read" }
            session_prefix "web" { policy = "write" }
            event_prefix "dep" { policy = "write" }
            query "q1" { policy = "read" }
            """);
        Assert.True(a.AgentWrite("node1"));
        Assert.False(a.AgentWrite("node2"));
        Assert.True(a.AgentRead("node2"));
        Assert.True(a.SessionWrite("web-1"));
        Assert.False(a.SessionRead("db"));
        Assert.True(a.EventWrite("deploy"));
        Assert.False(a.EventRead("other"));
        Assert.True(a.QueryRead("q1"));
        Assert.False(a.QueryWrite("q1"));
    }

    [Fact]
    public void Global_management_allows_everything_even_with_default_deny()
    {
        var a = Compile("deny", BuiltinPolicies.GlobalManagementRules);
        Assert.True(a.AclWrite());
        Assert.True(a.KeyWritePrefix(""));
        Assert.True(a.ServiceReadAll());
        Assert.True(a.NodeReadAll());
        Assert.True(a.OperatorWrite());
        Assert.True(a.KeyringWrite());
        Assert.True(a.MeshWrite());
        Assert.True(a.AgentWrite("x"));
        Assert.True(a.QueryWrite("x"));
        Assert.True(a.EventWrite("x"));
        Assert.True(a.SessionWrite("x"));
    }

    [Fact]
    public void No_policies_is_the_default_authorizer_itself()
    {
        Assert.Same(Authorizers.DenyAll, Authorizers.Compile([], Authorizers.DenyAll));
        Assert.Same(Authorizers.DefaultAllow, Authorizers.ForDefaultPolicy("allow"));
    }
}
