using System.Net;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace ConsulSharp.Http.Forwarding;

/// <summary>
/// Runs a request forwarded by another agent through this agent's <see cref="ApiDispatcher"/> (which may forward it
/// on to the leader): a fresh <see cref="HttpContext"/> with the original method, path, query, headers and body, and
/// the gRPC call's cancellation as <see cref="HttpContext.RequestAborted"/>, so a caller that goes away ends a
/// blocking query here too.
/// </summary>
public sealed class ForwardedRequestExecutor(IServiceProvider services) : IForwardedRequestHandler
{
    private ApiDispatcher? _dispatcher;

    public async Task<ForwardReply> HandleAsync(ForwardRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dispatcher = _dispatcher ??= services.GetRequiredService<ApiDispatcher>();
        var http = new DefaultHttpContext();
        var req = http.Request;
        req.Method = request.Method;
        req.Path = new PathString(request.Path);
        req.QueryString = new QueryString(request.Query.Length > 0 ? request.Query : null);
        foreach (var header in request.Headers)
        {
            req.Headers[header.Name] = new StringValues(header.Values.ToArray());
        }

        if (request.Body.Length > 0)
        {
            req.ContentLength = request.Body.Length;
            req.Body = new MemoryStream(request.Body.ToByteArray(), writable: false);
        }

        if (IPAddress.TryParse(request.RemoteAddr, out var remote))
        {
            http.Connection.RemoteIpAddress = remote;
        }

        http.RequestAborted = cancellationToken;
        http.Items[RequestForwarder.HopsItem] = (int)request.Hops;
        using var body = new MemoryStream();
        http.Response.Body = body;
        await dispatcher.InvokeAsync(http).ConfigureAwait(false);

        var reply = new ForwardReply { Status = http.Response.StatusCode, Body = ByteString.CopyFrom(body.GetBuffer(), 0, (int)body.Length) };
        foreach (var (name, values) in http.Response.Headers)
        {
            var header = new HttpHeader { Name = name };
            header.Values.AddRange(values.Where(v => v is not null).Select(v => v!));
            reply.Headers.Add(header);
        }

        return reply;
    }
}
