using System.Net;
using System.Net.Http.Headers;
using ConsulSharp.Testing;

namespace ConsulSharp.Ui.Tests;

/// <summary>How the agent serves the UI files (no browser needed).</summary>
public sealed class UiServingTests(UiFixture f)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient NoRedirects(Uri address) => new(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = address };

    [Fact]
    public async Task RootRedirectsToTheContentPath()
    {
        using var http = NoRedirects(f.BaseAddress);
        using var res = await http.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, res.StatusCode);
        Assert.Equal("/ui/", res.Headers.Location!.OriginalString);

        using var bare = await http.GetAsync(new Uri("/ui", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/ui/", bare.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/ui/")]
    [InlineData("/ui/dc1/services/web")]
    [InlineData("/ui/dc1/kv/a/b/c/edit")]
    [InlineData("/ui/dc1/nodes/node.example.com")]
    public async Task AppPathsAnswerTheIndexPage(string path)
    {
        using var res = await f.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/html", res.Content.Headers.ContentType!.MediaType);
        var html = await res.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<base href=\"/ui/\">", html, StringComparison.Ordinal);
        Assert.Contains("assets/app.js", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", res.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/assets/app.js", "text/javascript")]
    [InlineData("/ui/assets/views/kv.js", "text/javascript")]
    [InlineData("/ui/assets/app.css", "text/css")]
    [InlineData("/ui/assets/favicon.svg", "image/svg+xml")]
    public async Task AssetsHaveTheirContentTypes(string path, string type)
    {
        using var res = await f.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(type, res.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task MissingAssetIs404NotTheIndexPage()
    {
        using var res = await f.Http.GetAsync(new Uri("/ui/assets/nope.js", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    [Fact]
    public async Task ETagRevalidationAnswers304AndGzipIsOffered()
    {
        using var http = NoRedirects(f.BaseAddress);
        using var first = await http.GetAsync(new Uri("/ui/assets/app.js", UriKind.Relative), Ct);
        var etag = first.Headers.ETag!;
        Assert.Equal("no-cache", first.Headers.CacheControl!.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/assets/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await http.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var gz = new HttpRequestMessage(HttpMethod.Get, "/ui/assets/app.js");
        gz.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var zipped = await http.SendAsync(gz, Ct);
        Assert.Equal("gzip", zipped.Content.Headers.ContentEncoding.Single());
        Assert.True(zipped.Content.Headers.ContentLength < first.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task RobotsTxtDisallowsEverything()
    {
        Assert.Equal("User-agent: *\nDisallow: /\n", await f.Http.GetStringAsync(new Uri("/robots.txt", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task UiDirServesFilesFromDiskWithTheSameFallback()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-ui-dir-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "index.html"), "<html><base href=\"/ui/\">custom build</html>", Ct);
            Directory.CreateDirectory(Path.Combine(dir, "assets"));
            await File.WriteAllTextAsync(Path.Combine(dir, "assets", "x.css"), "body{}", Ct);
            await using var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { Configure = c => c with { UiEnabled = false, UiDir = dir, UiContentPath = "/consul/" } }, Ct);

            var html = await agent.Http.GetStringAsync(new Uri("/consul/dc1/services", UriKind.Relative), Ct);
            Assert.Contains("custom build", html, StringComparison.Ordinal);
            Assert.Contains("<base href=\"/consul/\">", html, StringComparison.Ordinal);
            Assert.Equal("body{}", await agent.Http.GetStringAsync(new Uri("/consul/assets/x.css", UriKind.Relative), Ct));
            using var escape = await agent.Http.GetAsync(new Uri("/consul/assets/..%2f..%2fetc/passwd", UriKind.Relative), Ct);
            Assert.DoesNotContain("root:", await escape.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task DisabledUiIsNotServed()
    {
        await using var agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { Configure = c => c with { UiEnabled = false } }, Ct);
        Assert.StartsWith("Consul Agent: UI disabled", await agent.Http.GetStringAsync(new Uri("/", UriKind.Relative), Ct), StringComparison.Ordinal);
        using var res = await agent.Http.GetAsync(new Uri("/ui/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }
}
