using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Catalog;

/// <summary><c>/v1/txn</c> node, service and check verbs over real HTTP, alone and mixed with KV ops.</summary>
public sealed class TxnCatalogTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "txn-node" });

    public ValueTask DisposeAsync() => AgentServices.AgentApi.StopAsync(_agent);

    private async Task<(HttpStatusCode Status, JsonElement Body)> TxnAsync(string body)
    {
        using var res = await _agent.Http.PutAsync("/v1/txn", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await res.Content.ReadAsStringAsync(Ct);
        Assert.True(res.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)res.StatusCode} {text}");
        return (res.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> GetAsync(string path) =>
        JsonDocument.Parse(await _agent.Http.GetStringAsync(path, Ct)).RootElement.Clone();

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task SetVerbsWriteNodeServiceCheckAndKvTogether()
    {
        var (status, body) = await TxnAsync($$$"""
            [
              {"Node": {"Verb": "set", "Node": {"Node": "n1", "Address": "10.1.0.1", "Meta": {"rack": "r1"} } } },
              {"Service": {"Verb": "set", "Node": "n1", "Service": {"Service": "web", "Port": 80, "Tags": ["v1"], "Weights": {"Passing": 5, "Warning": 1} } } },
              {"Check": {"Verb": "set", "Check": {"Node": "n1", "Name": "web-http", "Status": "passing", "ServiceID": "web",
                 "Definition": {"HTTP": "http://10.1.0.1/health", "Interval": "10s", "Timeout": "2s"} } } },
              {"KV": {"Verb": "set", "Key": "txn/cat", "Value": "{{{B64("x")}}}"} }
            ]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("Results");
        Assert.Equal(4, results.GetArrayLength());
        var node = results[0].GetProperty("Node");
        Assert.Equal("n1", node.GetProperty("Node").GetString());
        Assert.Equal("dc1", node.GetProperty("Datacenter").GetString());
        Assert.Equal("r1", node.GetProperty("Meta").GetProperty("rack").GetString());
        Assert.False(results[0].TryGetProperty("KV", out _));
        var service = results[1].GetProperty("Service");
        Assert.Equal("web", service.GetProperty("ID").GetString());
        Assert.Equal(5, service.GetProperty("Weights").GetProperty("Passing").GetInt32());
        Assert.True(service.GetProperty("ModifyIndex").GetUInt64() > 0);
        var check = results[2].GetProperty("Check");
        Assert.Equal("web-http", check.GetProperty("CheckID").GetString());
        Assert.Equal("http", check.GetProperty("Type").GetString());
        Assert.Equal("10s", check.GetProperty("Definition").GetProperty("Interval").GetString());
        Assert.Equal("txn/cat", results[3].GetProperty("KV").GetProperty("Key").GetString());

        var health = await GetAsync("/v1/health/service/web?passing");
        Assert.Equal(1, health.GetArrayLength());
        Assert.Equal("10.1.0.1", health[0].GetProperty("Node").GetProperty("Address").GetString());
        Assert.Equal("web-http", health[0].GetProperty("Checks")[0].GetProperty("CheckID").GetString());
    }

    [Fact]
    public async Task GetVerbsReadWithoutWritingAndMissingEntriesAreErrors()
    {
        await TxnAsync("""
            [{"Node": {"Verb": "set", "Node": {"Node": "n2", "Address": "10.1.0.2"} } },
             {"Service": {"Verb": "set", "Node": "n2", "Service": {"ID": "db1", "Service": "db", "Port": 5432} } },
             {"Check": {"Verb": "set", "Check": {"Node": "n2", "CheckID": "db-ttl", "Name": "db ttl", "ServiceID": "db1"} } }]
            """);
        var (status, body) = await TxnAsync("""
            [{"Node": {"Verb": "get", "Node": {"Node": "n2"} } },
             {"Service": {"Verb": "get", "Node": "n2", "Service": {"ID": "db1"} } },
             {"Check": {"Verb": "get", "Check": {"Node": "n2", "CheckID": "db-ttl"} } }]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("Results");
        Assert.Equal("10.1.0.2", results[0].GetProperty("Node").GetProperty("Address").GetString());
        Assert.Equal(5432, results[1].GetProperty("Service").GetProperty("Port").GetInt32());
        Assert.Equal("db", results[2].GetProperty("Check").GetProperty("ServiceName").GetString());

        (status, body) = await TxnAsync("""[{"Node": {"Verb": "get", "Node": {"Node": "nope"} } }]""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Results").ValueKind);
        Assert.Equal(0, body.GetProperty("Errors")[0].GetProperty("OpIndex").GetInt32());
        Assert.Equal("node \"nope\" doesn't exist", body.GetProperty("Errors")[0].GetProperty("What").GetString());
    }

    [Fact]
    public async Task CasVerbsAreAllOrNothingWithKv()
    {
        var (_, created) = await TxnAsync("""[{"Node": {"Verb": "set", "Node": {"Node": "n3", "Address": "10.1.0.3"} } }]""");
        var index = created.GetProperty("Results")[0].GetProperty("Node").GetProperty("ModifyIndex").GetUInt64();

        var (status, body) = await TxnAsync($$$"""
            [{"KV": {"Verb": "set", "Key": "txn/cas", "Value": "{{{B64("y")}}}"} },
             {"Node": {"Verb": "cas", "Node": {"Node": "n3", "Address": "10.9.9.9", "ModifyIndex": {{{index + 1000}}} } } }]
            """);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var error = Assert.Single(body.GetProperty("Errors").EnumerateArray());
        Assert.Equal(1, error.GetProperty("OpIndex").GetInt32());
        Assert.Equal("failed to set node \"n3\", index is stale", error.GetProperty("What").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.Http.GetAsync("/v1/kv/txn/cas", Ct)).StatusCode);
        Assert.Equal("10.1.0.3", (await GetAsync("/v1/catalog/node/n3")).GetProperty("Node").GetProperty("Address").GetString());

        (status, body) = await TxnAsync($$$"""
            [{"Node": {"Verb": "cas", "Node": {"Node": "n3", "Address": "10.9.9.9", "ModifyIndex": {{{index}}} } } },
             {"Service": {"Verb": "set", "Node": "n3", "Service": {"Service": "cache", "Port": 6379} } }]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("10.9.9.9", body.GetProperty("Results")[0].GetProperty("Node").GetProperty("Address").GetString());
        var serviceIndex = body.GetProperty("Results")[1].GetProperty("Service").GetProperty("ModifyIndex").GetUInt64();

        (status, body) = await TxnAsync($$$"""
            [{"Service": {"Verb": "delete-cas", "Node": "n3", "Service": {"ID": "cache", "Service": "cache", "ModifyIndex": {{{serviceIndex}}} } } }]
            """);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("Results").GetArrayLength());
        Assert.Equal(0, (await GetAsync("/v1/catalog/service/cache")).GetArrayLength());

        (status, _) = await TxnAsync("""[{"Node": {"Verb": "delete", "Node": {"Node": "n3"} } }]""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await _agent.Http.GetAsync("/v1/catalog/node/n3", Ct)).StatusCode);
        Assert.Equal("null", (await _agent.Http.GetStringAsync("/v1/catalog/node/n3", Ct)).Trim());
    }

    [Fact]
    public async Task InvalidCatalogOpsAreRefusedWithConsulsTexts()
    {
        var (status, body) = await TxnAsync("""
            [{"Node": {"Verb": "set", "Node": {"Node": "n4", "ID": "not-a-uuid", "Address": "10.1.0.4"} } },
             {"Service": {"Verb": "set", "Node": "n4", "Service": {"ID": "x"} } },
             {"Service": {"Verb": "set", "Node": "n4", "Service": {"Service": "x", "Address": "0.0.0.0"} } },
             {"Node": {"Verb": "set", "Node": {"Address": "10.1.0.5"} } },
             {"Check": {"Verb": "bogus", "Check": {"Node": "n4", "CheckID": "c"} } }]
            """);
        Assert.Equal(HttpStatusCode.Conflict, status);
        var errors = body.GetProperty("Errors").EnumerateArray().Select(e => (e.GetProperty("OpIndex").GetInt32(), e.GetProperty("What").GetString())).ToList();
        Assert.Equal(
            [
                (0, "Bad node ID: uuid string is wrong length"),
                (1, "Must provide service name (Service.Service) when service ID is provided"),
                (2, "Invalid service address"),
                (3, "Must provide node"),
                (4, "unknown Check verb \"bogus\""),
            ],
            errors);
        Assert.Equal("null", (await _agent.Http.GetStringAsync("/v1/catalog/node/n4", Ct)).Trim());
    }
}
