using ConsulSharp.Integration.Tests.Catalog;

namespace ConsulSharp.Integration.Tests.Query;

/// <summary>Execute and explain over real HTTP; each test registers its own service name.</summary>
public sealed class PreparedQueryExecuteTests(CatalogAgentFixture fx) : IClassFixture<CatalogAgentFixture>
{
    private static string[] Sorted(string[] names) => [.. names.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Execute_drops_critical_and_with_only_passing_warning_too()
    {
        await QueryHttp.RegisterAsync(fx, "ex-pass", "10.9.0.1", "ex-health", "ex-h1", "passing");
        await QueryHttp.RegisterAsync(fx, "ex-warn", "10.9.0.2", "ex-health", "ex-h2", "warning");
        await QueryHttp.RegisterAsync(fx, "ex-crit", "10.9.0.3", "ex-health", "ex-h3", "critical");
        await QueryHttp.CreateAsync(fx, """{"Name":"ex-health-any","Service":{"Service":"ex-health"},"DNS":{"TTL":"3s"}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"ex-health-passing","Service":{"Service":"ex-health","OnlyPassing":true}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"ex-health-ignore","Service":{"Service":"ex-health","IgnoreCheckIDs":["chk-ex-h3"]}}""");

        var r = await QueryHttp.JsonAsync(fx, "/v1/query/ex-health-any/execute");
        Assert.Equal(["ex-pass", "ex-warn"], Sorted(QueryHttp.NodeNames(r)));
        Assert.Equal("ex-health", r.GetProperty("Service").GetString());
        Assert.Equal("3s", r.GetProperty("DNS").GetProperty("TTL").GetString());
        Assert.Equal("dc1", r.GetProperty("Datacenter").GetString());
        Assert.Equal(0, r.GetProperty("Failovers").GetInt32());
        Assert.NotEmpty(r.GetProperty("Nodes")[0].GetProperty("Checks").EnumerateArray());

        r = await QueryHttp.JsonAsync(fx, "/v1/query/ex-health-passing/execute");
        Assert.Equal(["ex-pass"], QueryHttp.NodeNames(r));
        r = await QueryHttp.JsonAsync(fx, "/v1/query/ex-health-ignore/execute");
        Assert.Equal(["ex-crit", "ex-pass", "ex-warn"], Sorted(QueryHttp.NodeNames(r)));
        r = await QueryHttp.JsonAsync(fx, "/v1/query/ex-health-ignore/execute?limit=1");
        Assert.Single(QueryHttp.NodeNames(r));
    }

    [Fact]
    public async Task Tags_with_exclusion_node_meta_and_service_meta_filter()
    {
        await QueryHttp.RegisterAsync(fx, "ft-1", "10.9.1.1", "ex-filter", "ft1", "passing", tags: """["Primary","v1"]""", nodeMeta: """{"rack":"a"}""", serviceMeta: """{"ver":"1"}""");
        await QueryHttp.RegisterAsync(fx, "ft-2", "10.9.1.2", "ex-filter", "ft2", "passing", tags: """["primary","canary"]""", nodeMeta: """{"rack":"b"}""", serviceMeta: """{"ver":"2"}""");
        await QueryHttp.RegisterAsync(fx, "ft-3", "10.9.1.3", "ex-filter", "ft3", "passing", tags: """["secondary"]""", nodeMeta: """{"rack":"a"}""", serviceMeta: """{"ver":"2"}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"ft-tags","Service":{"Service":"ex-filter","Tags":["primary","!CANARY"]}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"ft-nodemeta","Service":{"Service":"ex-filter","NodeMeta":{"rack":"a"}}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"ft-svcmeta","Service":{"Service":"ex-filter","ServiceMeta":{"ver":"2"}}}""");

        Assert.Equal(["ft-1"], QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/ft-tags/execute")));
        Assert.Equal(["ft-1", "ft-3"], Sorted(QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/ft-nodemeta/execute"))));
        Assert.Equal(["ft-2", "ft-3"], Sorted(QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/ft-svcmeta/execute"))));

        // connect=true: no Connect-capable endpoints exist yet, so nothing answers.
        var r = await QueryHttp.JsonAsync(fx, "/v1/query/ft-tags/execute?connect=true");
        Assert.Empty(r.GetProperty("Nodes").EnumerateArray());
    }

    [Fact]
    public async Task Template_interpolates_name_parts_and_regexp_matches()
    {
        await QueryHttp.RegisterAsync(fx, "tp-1", "10.9.2.1", "tpsvc", "tp1", "passing", tags: """["blue"]""");
        await QueryHttp.RegisterAsync(fx, "tp-2", "10.9.2.2", "tpsvc", "tp2", "passing", tags: """["green"]""");
        await QueryHttp.CreateAsync(fx, """
            {"Name":"tpl-","Template":{"Type":"name_prefix_match","Regexp":"^tpl-([a-z]+)(?:-([a-z]+))?$","RemoveEmptyTags":true},
             "Service":{"Service":"${match(1)}","Tags":["${match(2)}"],"Near":"${name.full}/${name.prefix}/${name.suffix}/${match(9)}"}}
            """);

        var r = await QueryHttp.JsonAsync(fx, "/v1/query/tpl-tpsvc-blue/execute");
        Assert.Equal("tpsvc", r.GetProperty("Service").GetString());
        Assert.Equal(["tp-1"], QueryHttp.NodeNames(r));

        var explain = (await QueryHttp.JsonAsync(fx, "/v1/query/tpl-tpsvc/explain")).GetProperty("Query");
        var service = explain.GetProperty("Service");
        Assert.Equal("tpsvc", service.GetProperty("Service").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, service.GetProperty("Tags").ValueKind); // empty tag removed
        Assert.Equal("tpl-tpsvc/tpl-/tpsvc/", service.GetProperty("Near").GetString());
        Assert.Equal(["tp-1", "tp-2"], Sorted(QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/tpl-tpsvc/execute"))));

        // The stored query keeps its expressions; a template is not resolvable by ID.
        var stored = (await QueryHttp.JsonAsync(fx, "/v1/query")).EnumerateArray().Single(q => q.GetProperty("Name").GetString() == "tpl-");
        Assert.Equal("${match(1)}", stored.GetProperty("Service").GetProperty("Service").GetString());
        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/" + stored.GetProperty("ID").GetString() + "/execute");
        Assert.Equal((500, "prepared query templates can only be resolved up by name, not by ID"), (status, text));
    }

    [Fact]
    public async Task Exact_name_beats_the_longest_template_prefix()
    {
        await QueryHttp.RegisterAsync(fx, "lp-1", "10.9.3.1", "lp-exact", "lp1", "passing");
        await QueryHttp.RegisterAsync(fx, "lp-2", "10.9.3.2", "lp-long", "lp2", "passing");
        await QueryHttp.CreateAsync(fx, """{"Name":"lp","Template":{"Type":"name_prefix_match"},"Service":{"Service":"lp-short"}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"lp-x","Template":{"Type":"name_prefix_match"},"Service":{"Service":"lp-long"}}""");
        await QueryHttp.CreateAsync(fx, """{"Name":"lp-x-exact","Service":{"Service":"lp-exact"}}""");

        Assert.Equal("lp-exact", (await QueryHttp.JsonAsync(fx, "/v1/query/lp-x-exact/execute")).GetProperty("Service").GetString());
        Assert.Equal("lp-long", (await QueryHttp.JsonAsync(fx, "/v1/query/lp-x-other/execute")).GetProperty("Service").GetString());
        Assert.Equal("lp-short", (await QueryHttp.JsonAsync(fx, "/v1/query/lp-y/execute")).GetProperty("Service").GetString());
    }

    [Fact]
    public async Task Near_sorts_by_coordinates_and_puts_the_near_node_first()
    {
        await QueryHttp.RegisterAsync(fx, "nr-a", "10.9.4.1", "nrsvc", "nr1", "passing");
        await QueryHttp.RegisterAsync(fx, "nr-b", "10.9.4.2", "nrsvc", "nr2", "passing");
        await QueryHttp.RegisterAsync(fx, "nr-c", "10.9.4.3", "nrsvc", "nr3", "passing");
        await QueryHttp.RegisterAsync(fx, "nr-origin", "10.9.4.9", "nrother", "nr9", "passing");
        await QueryHttp.UpdateCoordinateAsync(fx, "nr-origin", 0);
        await QueryHttp.UpdateCoordinateAsync(fx, "nr-a", 0.3);
        await QueryHttp.UpdateCoordinateAsync(fx, "nr-b", 0.01);
        await QueryHttp.UpdateCoordinateAsync(fx, "nr-c", 0.1);
        await QueryHttp.CreateAsync(fx, """{"Name":"nr-q","Service":{"Service":"nrsvc","Near":"nr-a"}}""");

        for (var i = 0; i < 5; i++)
        {
            // ?near beats the query's Near; the query's Near applies when the request has none.
            Assert.Equal(["nr-b", "nr-c", "nr-a"], QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/nr-q/execute?near=nr-origin")));
            Assert.Equal(["nr-a", "nr-c", "nr-b"], QueryHttp.NodeNames(await QueryHttp.JsonAsync(fx, "/v1/query/nr-q/execute")));
        }

        var health = await QueryHttp.JsonAsync(fx, "/v1/health/service/nrsvc?near=nr-origin");
        Assert.Equal(["nr-b", "nr-c", "nr-a"], health.EnumerateArray().Select(n => n.GetProperty("Node").GetProperty("Node").GetString()!).ToArray());
        var nodes = await QueryHttp.JsonAsync(fx, "/v1/catalog/nodes?near=nr-b");
        var names = nodes.EnumerateArray().Select(n => n.GetProperty("Node").GetString()!).Where(n => n.StartsWith("nr-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["nr-b", "nr-origin", "nr-c", "nr-a"], names);
        var catalog = await QueryHttp.JsonAsync(fx, "/v1/catalog/service/nrsvc?near=nr-a");
        Assert.Equal(["nr-a", "nr-c", "nr-b"], catalog.EnumerateArray().Select(n => n.GetProperty("Node").GetString()!).ToArray());
    }
}
