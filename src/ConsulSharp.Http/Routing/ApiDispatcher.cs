using System.Diagnostics;
using ConsulSharp.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Routing;

/// <summary>
/// The terminal request handler: routes through <see cref="RouteTable"/> with Consul's 404/405/OPTIONS behaviour,
/// runs the handler, and turns <see cref="ConsulException"/> into Consul's status codes and plain-text bodies.
/// </summary>
public sealed class ApiDispatcher(RouteTable routes, HttpApiOptions options, IHttpMetrics metrics, ILoggerFactory loggers, Forwarding.RequestForwarder? forwarder = null, IAclResolver? acl = null)
{
    private readonly ILogger _log = loggers.CreateLogger("agent.http");

    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        var started = Stopwatch.GetTimestamp();
        var route = routes.Match(path, out var suffix);
        if (forwarder is not null && await forwarder.TryForwardAsync(http, route is not null).ConfigureAwait(false))
        {
            return; // answered by a server (client agents) or the leader (followers)
        }

        if (route is null)
        {
            await NotRoutedAsync(http, path).ConfigureAwait(false);
            return;
        }

        var method = http.Request.Method;
        http.Response.Headers["X-Consul-Default-ACL-Policy"] = acl?.DefaultPolicy ?? "allow";
        if (HttpMethods.IsOptions(method))
        {
            http.Response.Headers.Allow = route.AllowHeader;
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (!route.Handlers.TryGetValue(method, out var handler))
        {
            http.Response.Headers.Allow = route.AllowHeader;
            await Text(http, StatusCodes.Status405MethodNotAllowed, $"method {method} not allowed").ConfigureAwait(false);
            return;
        }

        var request = new ApiRequest(http, suffix, options.AlwaysPretty) { AclResolver = acl };
        try
        {
            await handler(request).ConfigureAwait(false);
        }
        catch (ConsulException ex)
        {
            if (_log.IsEnabled(LogLevel.Error))
            {
                Log.RequestError(_log, method, LogUrl(http), Remote(http), ex.Message);
            }

            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.Headers["X-Consul-Default-ACL-Policy"] = acl?.DefaultPolicy ?? "allow";
                await Text(http, ErrorMapping.StatusFor(ex.Kind), ex.Message).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (BadHttpRequestException ex)
        {
            if (!http.Response.HasStarted)
            {
                await Text(http, ex.StatusCode, ex.Message).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The agent keeps serving whatever one handler does; the failure is logged and answered.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (_log.IsEnabled(LogLevel.Error))
            {
                Log.RequestFailed(_log, ex, method, LogUrl(http));
            }

            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await Text(http, StatusCodes.Status500InternalServerError, ex.Message).ConfigureAwait(false);
            }
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.RecordRequest(method, route.Pattern, elapsed);
            if (_log.IsEnabled(LogLevel.Debug))
            {
                Log.RequestFinished(_log, method, LogUrl(http), Remote(http), FormatLatency(elapsed));
            }
        }
    }

    private async Task NotRoutedAsync(HttpContext http, string path)
    {
        if (path == "/")
        {
            if (options.UiServed)
            {
                http.Response.Redirect(options.UiContentPath, permanent: true);
                return;
            }

            await Text(http, StatusCodes.Status200OK, Errors.UiDisabled).ConfigureAwait(false);
            return;
        }

        // Subtree roots without their slash are redirected, as Go's ServeMux does.
        if (routes.Match(path + "/", out var rest) is { IsSubtree: true } && rest.Length == 0)
        {
            http.Response.Redirect(path + "/" + http.Request.QueryString, permanent: true);
            return;
        }

        var text = path.Contains("/v1/", StringComparison.Ordinal) ? Errors.NotRecognizedEndpoint : Errors.NotV1Path;
        await Text(http, StatusCodes.Status404NotFound, text + "\n").ConfigureAwait(false);
    }

    private static Task Text(HttpContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    private static string LogUrl(HttpContext http) => http.Request.Path + http.Request.QueryString;

    private static string Remote(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? $"{ip}:{http.Connection.RemotePort}" : "";

    private static string FormatLatency(TimeSpan t) =>
        t.TotalMilliseconds >= 1 ? $"{t.TotalMilliseconds:0.######}ms" : $"{t.TotalMicroseconds:0.###}µs";
}
