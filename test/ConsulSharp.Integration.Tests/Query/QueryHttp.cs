using System.Text;
using System.Text.Json;
using ConsulSharp.Integration.Tests.Catalog;

namespace ConsulSharp.Integration.Tests.Query;

/// <summary>Small HTTP helpers over the shared catalog agent for the prepared query and coordinate tests.</summary>
internal static class QueryHttp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(int Status, string Text)> SendAsync(CatalogAgentFixture fx, HttpMethod method, string path, string? json = null)
    {
        using var req = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            req.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var res = await fx.Http.SendAsync(req, Ct);
        return ((int)res.StatusCode, await res.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<string> CreateAsync(CatalogAgentFixture fx, string json)
    {
        var (status, text) = await SendAsync(fx, HttpMethod.Post, "/v1/query", json);
        Assert.True(status == 200, $"{status} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("ID").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(CatalogAgentFixture fx, string path)
    {
        var (status, text) = await SendAsync(fx, HttpMethod.Get, path);
        Assert.True(status == 200, $"{status} {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Registers <paramref name="node"/> with one service instance and its service check.</summary>
    public static Task RegisterAsync(CatalogAgentFixture fx, string node, string address, string service, string id, string status, string tags = "[]", string nodeMeta = "{}", string serviceMeta = "{}", int port = 80) =>
        fx.RegisterAsync($$"""
            {"Node":"{{node}}","Address":"{{address}}","NodeMeta":{{nodeMeta}},
             "Service":{"ID":"{{id}}","Service":"{{service}}","Tags":{{tags}},"Meta":{{serviceMeta}},"Port":{{port}}},
             "Checks":[{"CheckID":"chk-{{id}}","Name":"c","Status":"{{status}}","ServiceID":"{{id}}"}]}
            """);

    public static string[] NodeNames(JsonElement executeResponse) =>
        [.. executeResponse.GetProperty("Nodes").EnumerateArray().Select(n => n.GetProperty("Node").GetProperty("Node").GetString()!)];

    public static Task<(int Status, string Text)> UpdateCoordinateAsync(CatalogAgentFixture fx, string node, double x, string segment = "") =>
        SendAsync(fx, HttpMethod.Put, "/v1/coordinate/update",
            $$"""{"Node":"{{node}}","Segment":"{{segment}}","Coord":{"Vec":[{{x.ToString(System.Globalization.CultureInfo.InvariantCulture)}},0,0,0,0,0,0,0],"Error":1.5,"Adjustment":0,"Height":0.00001} }""");
}
