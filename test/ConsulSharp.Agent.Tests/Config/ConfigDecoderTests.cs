using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigDecoderTests
{
    private static (Dictionary<string, object?>? Tree, List<string> Errors) Parse(string text, string format = "hcl", string name = "test.hcl")
    {
        var errors = new List<string>();
        var tree = ConfigLoader.Parse(new ConfigSource(name, format, text), errors);
        return (tree, errors);
    }

    [Fact]
    public void HclBlocksUnwrapIntoStructFields()
    {
        var (tree, errors) = Parse("ports { http = 1 }\ndns_config { service_ttl { \"*\" = \"5s\" } }");
        Assert.Empty(errors);
        var ports = Assert.IsType<Dictionary<string, object?>>(tree!["ports"]);
        Assert.Equal(1L, ports["http"]);
        var dns = Assert.IsType<Dictionary<string, object?>>(tree["dns_config"]);
        var ttl = Assert.IsType<Dictionary<string, object?>>(dns["service_ttl"]);
        Assert.Equal(TimeSpan.FromSeconds(5), ttl["*"]);
    }

    [Fact]
    public void JsonListOfOneIsUnwrappedToo()
    {
        var (tree, errors) = Parse("""{"datacenter": ["dc2"], "ports": [{"dns": 53}]}""", "json", "x.json");
        Assert.Empty(errors);
        Assert.Equal("dc2", tree!["datacenter"]);
    }

    [Fact]
    public void KeysMatchCaseInsensitively()
    {
        var (tree, errors) = Parse("""{"Datacenter": "dc3", "service": {"Name": "web", "ID": "w1", "Port": 80, "Tags": ["a"]}}""", "json");
        Assert.Empty(errors);
        Assert.Equal("dc3", tree!["datacenter"]);
        var svc = Assert.IsType<Dictionary<string, object?>>(Assert.Single(Assert.IsType<List<object?>>(tree["services"])));
        Assert.Equal("w1", svc["id"]);
        Assert.Equal(80L, svc["port"]);
    }

    [Fact]
    public void CamelCaseMultiWordKeysAreNotAccepted()
    {
        var (_, errors) = Parse("""{"NodeName": "x"}""", "json");
        Assert.Equal("failed to parse test.hcl: 1 error occurred:\n\t* invalid config key NodeName\n\n", Assert.Single(errors));
    }

    [Fact]
    public void AliasesAreAcceptedAndCanonicalWins()
    {
        var (tree, errors) = Parse("""
            {"check": {"name": "c", "ttl": "5s", "ServiceID": "svc", "TLSSkipVerify": true, "ScriptArgs": ["x"],
                       "DeregisterCriticalServiceAfter": "1m", "DockerContainerID": "abc"},
             "checks": [{"name": "d", "ttl": "5s", "service_id": "canonical", "serviceid": "alias"}]}
            """, "json");
        Assert.Empty(errors);
        var checks = Assert.IsType<List<object?>>(tree!["checks"]);
        var d = Assert.IsType<Dictionary<string, object?>>(checks[0]);
        Assert.Equal("canonical", d["service_id"]);
        var c = Assert.IsType<Dictionary<string, object?>>(checks[1]);
        Assert.Equal("svc", c["service_id"]);
        Assert.Equal(true, c["tls_skip_verify"]);
        Assert.Equal(TimeSpan.FromMinutes(1), c["deregister_critical_service_after"]);
        Assert.Equal("abc", c["docker_container_id"]);
    }

    [Fact]
    public void SingularServiceAndCheckMoveToTheEndOfTheirLists()
    {
        var (tree, errors) = Parse("services { name = \"a\" }\nservice { name = \"b\" }\nservices { name = \"c\" }");
        Assert.Empty(errors);
        Assert.False(tree!.ContainsKey("service"));
        var names = Assert.IsType<List<object?>>(tree["services"]).Cast<Dictionary<string, object?>>().Select(s => s["name"]).ToList();
        Assert.Equal(["a", "c", "b"], names);
    }

    [Fact]
    public void TwoServiceBlocksAreAnError()
    {
        var (_, errors) = Parse("service { name = \"a\" }\nservice { name = \"b\" }", name: "two.hcl");
        Assert.Equal("failed to parse two.hcl: 1 error occurred:\n\t* 'service' expected a map, got 'slice'\n\n", Assert.Single(errors));
    }

    [Fact]
    public void NoWeakTyping()
    {
        var (_, errors) = Parse("""{"ports": {"http": "8500"}, "server": "true", "datacenter": 1}""", "json", "t.json");
        var e = Assert.Single(errors);
        Assert.Contains("'ports.http' expected type 'int', got unconvertible type 'string'", e, StringComparison.Ordinal);
        Assert.Contains("'server' expected type 'bool', got unconvertible type 'string'", e, StringComparison.Ordinal);
        Assert.Contains("'datacenter' expected type 'string', got unconvertible type 'int'", e, StringComparison.Ordinal);
        Assert.StartsWith("failed to parse t.json: 3 errors occurred:\n", e, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonFloatsTruncateToInt()
    {
        var (tree, errors) = Parse("""{"bootstrap_expect": 3.0}""", "json");
        Assert.Empty(errors);
        Assert.Equal(3L, tree!["bootstrap_expect"]);
    }

    [Fact]
    public void BadDurationNamesTheKey()
    {
        var (_, errors) = Parse("dns_config { node_ttl = \"5 sec\" }");
        Assert.Contains("dns_config.node_ttl: invalid duration: \"5 sec\": time: unknown unit \" sec\" in duration \"5 sec\"", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysUseDottedPathsWithIndexes()
    {
        var (_, errors) = Parse("""{"services": [{"name": "a"}, {"name": "b", "chekcs": []}], "ports": {"htp": 1}}""", "json", "x.json");
        var e = Assert.Single(errors);
        Assert.Contains("\t* invalid config key services[1].chekcs\n", e, StringComparison.Ordinal);
        Assert.Contains("\t* invalid config key ports.htp\n", e, StringComparison.Ordinal);
    }

    [Fact]
    public void ListTargetRejectsScalar()
    {
        var (_, errors) = Parse("retry_join = \"a\"");
        Assert.Contains("'retry_join': source data must be an array or slice, got string", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void OpaqueBlocksAreCarried()
    {
        var (tree, errors) = Parse("connect { ca_config { private_key = \"x\" rotation_period = \"2160h\" } }\nwatches = [{ type = \"key\" key = \"a\" }]");
        Assert.Empty(errors);
        var connect = Assert.IsType<Dictionary<string, object?>>(tree!["connect"]);
        Assert.IsType<ConsulSharp.Hcl.HclObject>(connect["ca_config"]);
        Assert.Single(Assert.IsType<List<object?>>(tree["watches"]));
    }

    [Fact]
    public void JsonTopLevelMustBeAnObject()
    {
        var (_, errors) = Parse("[1]", "json", "arr.json");
        Assert.Equal("failed to parse arr.json: json: cannot unmarshal array into Go value of type map[string]interface {}", Assert.Single(errors));
    }

    [Fact]
    public void MultiErrorFormat()
    {
        Assert.Equal("1 error occurred:\n\t* a\n\n", ConfigLoader.MultiError(["a"]));
        Assert.Equal("2 errors occurred:\n\t* a\n\t* b\n\n", ConfigLoader.MultiError(["a", "b"]));
    }
}
