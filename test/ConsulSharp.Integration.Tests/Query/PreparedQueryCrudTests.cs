using ConsulSharp.Integration.Tests.Catalog;

namespace ConsulSharp.Integration.Tests.Query;

public sealed class PreparedQueryCrudTests(CatalogAgentFixture fx) : IClassFixture<CatalogAgentFixture>
{
    [Fact]
    public async Task Create_get_list_update_delete_round_trip_in_consul_shapes()
    {
        var id = await QueryHttp.CreateAsync(fx, """{"Name":"crud-q","Service":{"Service":"crud-svc","Tags":["a"],"NodeMeta":{"k":"v"}},"DNS":{"TTL":"5s"}}""");
        Assert.True(Guid.TryParse(id, out _));

        var got = await QueryHttp.JsonAsync(fx, "/v1/query/" + id);
        var q = Assert.Single(got.EnumerateArray());
        Assert.Equal(id, q.GetProperty("ID").GetString());
        Assert.Equal("crud-q", q.GetProperty("Name").GetString());
        Assert.Equal("crud-svc", q.GetProperty("Service").GetProperty("Service").GetString());
        Assert.Equal("v", q.GetProperty("Service").GetProperty("NodeMeta").GetProperty("k").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, q.GetProperty("Service").GetProperty("ServiceMeta").ValueKind);
        Assert.Equal(0, q.GetProperty("Service").GetProperty("Failover").GetProperty("NearestN").GetInt32());
        Assert.Equal("5s", q.GetProperty("DNS").GetProperty("TTL").GetString());
        Assert.Equal("", q.GetProperty("Template").GetProperty("Type").GetString());
        var created = q.GetProperty("CreateIndex").GetUInt64();

        var list = await QueryHttp.JsonAsync(fx, "/v1/query");
        Assert.Contains(list.EnumerateArray(), e => e.GetProperty("ID").GetString() == id);

        // The URL's ID wins over the body's.
        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/query/" + id, """{"ID":"ignored","Name":"crud-q","Service":{"Service":"crud-svc2"}}""");
        Assert.Equal(200, status);
        Assert.Equal("", text);
        q = Assert.Single((await QueryHttp.JsonAsync(fx, "/v1/query/" + id)).EnumerateArray());
        Assert.Equal("crud-svc2", q.GetProperty("Service").GetProperty("Service").GetString());
        Assert.Equal(created, q.GetProperty("CreateIndex").GetUInt64());
        Assert.True(q.GetProperty("ModifyIndex").GetUInt64() > created);

        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Delete, "/v1/query/" + id);
        Assert.Equal(200, status);
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/" + id);
        Assert.Equal((404, "Query not found"), (status, text));
    }

    [Theory]
    [InlineData("""{"Name":"v1","Service":{}}""", "Invalid prepared query: Must provide a Service name to query")]
    [InlineData("""{"Service":{"Service":"s"}}""", "Invalid prepared query: Must be bound to a session")]
    [InlineData("""{"Name":"v2","Service":{"Service":"s","Failover":{"NearestN":-1}}}""", "Invalid prepared query: Bad NearestN '-1', must be >= 0")]
    [InlineData("""{"Name":"v3","Service":{"Service":"s","Failover":{"Datacenters":["dc2"],"Targets":[{"Datacenter":"dc3"}]}}}""", "Invalid prepared query: Targets cannot be populated with NearestN or Datacenters")]
    [InlineData("""{"Name":"v4","Service":{"Service":"s"},"DNS":{"TTL":"soon"}}""", "Invalid prepared query: Bad DNS TTL 'soon': time: invalid duration \"soon\"")]
    [InlineData("""{"Name":"v5","Token":"<hidden>","Service":{"Service":"s"}}""", "Invalid prepared query: Bad Token '<hidden>', it looks like a query definition with a redacted token was submitted")]
    [InlineData("""{"ID":"x","Name":"v6","Service":{"Service":"s"}}""", "ID must be empty when creating a new prepared query")]
    [InlineData("""{"Name":"v7","Service":{"Service":"s"},"Session":"8e6bd2b8-0000-0000-0000-000000000000"}""", "invalid session \"8e6bd2b8-0000-0000-0000-000000000000\"")]
    [InlineData("""{"Name":"v8","Template":{"Type":"name_prefix_match","Regexp":"^v8-(x"},"Service":{"Service":"${match(1)}"}}""", "failed compiling template: Bad Regexp: error parsing regexp: missing closing ): `^v8-(x`")]
    [InlineData("""{"Name":"v9","Template":{"Type":"other"},"Service":{"Service":"s"}}""", "failed compiling template: Bad Template.Type 'other'")]
    [InlineData("""{"Name":"v10","Template":{"Type":"name_prefix_match"},"Service":{"Service":"${nope}"}}""", "failed compiling template: Bad evaluation for '${nope}' in Service.Service: unknown variable accessed: nope")]
    public async Task Invalid_queries_are_refused_with_consul_texts(string body, string expected)
    {
        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Post, "/v1/query", body);
        Assert.Equal((500, expected), (status, text));
    }

    [Fact]
    public async Task Bad_bodies_are_400_and_names_are_unique()
    {
        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Post, "/v1/query", """{"Name":""");
        Assert.Equal(400, status);
        Assert.StartsWith("Request decode failed: ", text, StringComparison.Ordinal);
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Post, "/v1/query", "");
        Assert.Equal((400, "Request decode failed: EOF"), (status, text));

        await QueryHttp.CreateAsync(fx, """{"Name":"unique-q","Service":{"Service":"s"}}""");
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Post, "/v1/query", """{"Name":"UNIQUE-q","Service":{"Service":"s"}}""");
        Assert.Equal((500, "name 'UNIQUE-q' aliases an existing query name"), (status, text));

        var id = await QueryHttp.CreateAsync(fx, """{"Name":"alias-target","Service":{"Service":"s"}}""");
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Post, "/v1/query", $$"""{"Name":"{{id}}","Service":{"Service":"s"} }""");
        Assert.Equal((500, $"name '{id}' aliases an existing query ID"), (status, text));

        const string missing = "00000000-1111-2222-3333-444444444444";
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/query/" + missing, """{"Name":"m","Service":{"Service":"s"}}""");
        Assert.Equal((500, $"Cannot modify non-existent prepared query: '{missing}'"), (status, text));
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/" + missing + "/execute");
        Assert.Equal((404, "Query not found"), (status, text));
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/nope/explain");
        Assert.Equal((404, "Query not found"), (status, text));
        (status, _) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/query/" + id + "/execute");
        Assert.Equal(405, status);
        (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/unique-q/execute?limit=x");
        Assert.Equal((500, "Bad limit: strconv.Atoi: parsing \"x\": invalid syntax"), (status, text));
    }

    [Fact]
    public async Task A_query_bound_to_a_session_goes_with_the_session()
    {
        var (status, text) = await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/session/create", $$"""{"Node":"{{CatalogAgentFixture.SelfNode}}","Checks":[]}""");
        Assert.Equal(200, status);
        var session = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("ID").GetString()!;
        var id = await QueryHttp.CreateAsync(fx, $$"""{"Session":"{{session}}","Service":{"Service":"s"} }""");
        Assert.Equal(200, (await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/" + id)).Status);
        await QueryHttp.SendAsync(fx, HttpMethod.Put, "/v1/session/destroy/" + session);
        Assert.Equal(404, (await QueryHttp.SendAsync(fx, HttpMethod.Get, "/v1/query/" + id)).Status);
    }
}
