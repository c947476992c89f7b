using ConsulSharp.Http.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ConsulSharp.Http.Ui;

/// <summary>
/// Serves the web UI under the content path (default <c>/ui/</c>) when <c>-ui</c> / <c>ui_config.enabled</c> or
/// <c>-ui-dir</c> is set, plus Consul's <c>/robots.txt</c>. Files under <c>assets/</c> are served or 404; every other
/// path under the content path answers the app's <c>index.html</c> so deep links (<c>/ui/dc1/kv/app/</c>) load the
/// app, which then routes on the URL. Responses carry an ETag and <c>Cache-Control: no-cache</c>, so a browser
/// revalidates (304) instead of running an old UI after an agent upgrade.
/// </summary>
public sealed class UiEndpoints
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'";

    private readonly HttpApiOptions _options;
    private readonly UiSite _site;

    public UiEndpoints(HttpApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _site = new UiSite(options.UiContentPath, options.UiDir);
    }

    /// <summary>Adds the UI routes when the config serves the UI; does nothing otherwise.</summary>
    public void Register(RouteTable routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        if (!_options.UiServed)
        {
            return;
        }

        routes.Get(_options.UiContentPath, ServeAsync);
        routes.Add(_options.UiContentPath, "HEAD", ServeAsync);
        routes.Get("/robots.txt", RobotsAsync);
        routes.Add("/robots.txt", "HEAD", RobotsAsync);
    }

    private Task ServeAsync(ApiRequest req)
    {
        var path = Uri.UnescapeDataString(req.Suffix);
        var asset = path.Length == 0 ? null : _site.Find(path);
        if (asset is null)
        {
            if (path.StartsWith("assets/", StringComparison.Ordinal))
            {
                req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
                req.Http.Response.ContentType = "text/plain; charset=utf-8";
                return req.Http.Response.WriteAsync("404 page not found\n", req.Aborted);
            }

            asset = _site.Find(UiSite.IndexFile);
            if (asset is null)
            {
                req.Http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }

        return WriteAsync(req.Http, asset, embedded: _options.UiDir is null);
    }

    private static Task RobotsAsync(ApiRequest req)
    {
        req.Http.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(req.Http.Request.Method) ? Task.CompletedTask : req.Http.Response.WriteAsync("User-agent: *\nDisallow: /\n", req.Aborted);
    }

    private static Task WriteAsync(HttpContext http, UiAsset asset, bool embedded)
    {
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        if (embedded && asset.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == asset.ETag || t.Trim() == "*")))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        http.Response.ContentType = asset.ContentType;
        var body = asset.Content;
        if (asset.Gzip is not null && AcceptsGzip(http.Request))
        {
            headers.ContentEncoding = "gzip";
            body = asset.Gzip;
        }

        http.Response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(v => v is not null && v.Split(',').Any(e => StringWithQualityHeaderValue.TryParse(e.Trim(), out var q)
            && q.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (q.Quality ?? 1) > 0));
}
