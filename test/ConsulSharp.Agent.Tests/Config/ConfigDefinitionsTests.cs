using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigDefinitionsTests
{
    [Fact]
    public void ParsesServiceFileInHcl()
    {
        var (services, checks) = ConfigDefinitions.Parse("web.hcl", "service {\n  name = \"web\"\n  port = 80\n  check { ttl = \"10s\" }\n}");
        var web = Assert.Single(services);
        Assert.Equal(("web", "web", 80), (web.Id, web.Name, web.Port));
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(web.Checks).Ttl);
        Assert.Empty(checks);
    }

    [Fact]
    public void ParsesJsonByContent()
    {
        var (services, checks) = ConfigDefinitions.Parse("defs", """{"services":[{"name":"a"},{"name":"b"}],"check":{"name":"c","ttl":"1s"}}""");
        Assert.Equal(["a", "b"], services.Select(s => s.Name));
        Assert.Equal("c", Assert.Single(checks).Name);
    }

    [Fact]
    public void RejectsAgentKeysAndInvalidDefinitions()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigDefinitions.Parse("x.hcl", "datacenter = \"dc1\"\nservice { name = \"a\" }"));
        Assert.Equal("failed to parse x.hcl: 1 error occurred:\n\t* invalid config key datacenter\n\n", ex.Message);
        var bad = Assert.Throws<ConfigException>(() => ConfigDefinitions.Parse("y.hcl", "service {\n  name = \"a\"\n  check { http = \"http://x\" }\n}"));
        Assert.Equal("service \"a\": check \"\": Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks", bad.Message);
    }
}
