using System.Globalization;
using ConsulSharp.Core;
using ConsulSharp.Core.Errors;
using ConsulSharp.Server;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Forwarding;

/// <summary>
/// Consul's RPC forwarding rules (<c>agent/consul/rpc.go</c> <c>forward</c>) applied to HTTP API requests, before
/// routing: a client agent sends every server request (anything under <c>/v1/</c> it has no local route for, never
/// <c>/v1/agent/</c>) to a server; a server that is not the leader sends writes, default and <c>?consistent</c> reads
/// to the leader, and answers <c>?stale</c> reads itself (unless <c>max_stale</c> is exceeded). The request travels
/// whole (method, path, query, headers with the token, body) as one <c>Forward</c> call and runs through the target's
/// own dispatcher; blocking queries stay open across the hop (deadline = wait + wait/16 + hold time) and a client that
/// goes away cancels the forwarded call. A hop count stops loops between servers that disagree on the leader.
/// <c>?dc=</c> naming another datacenter (Consul's <c>forwardDC</c>): a client agent sends the request to one of its
/// servers, a server sends it to a server of that datacenter from the WAN pool (which answers it, or forwards it to
/// its own leader); <c>No path to datacenter</c> when no server of it is known.
/// </summary>
public sealed partial class RequestForwarder(RpcClientPool pool, ServerRouter router, TimeProvider time, ILoggerFactory loggers, ConsulServer? server = null)
{
    /// <summary><see cref="HttpContext.Items"/> key holding how many hops a forwarded request already made.</summary>
    public const string HopsItem = "consul.forward.hops";

    private static readonly TimeSpan NonBlockingDeadline = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxBlockingWait = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultBlockingWait = TimeSpan.FromMinutes(5);
    private static readonly HashSet<string> SkippedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept-Encoding", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Content-Length", "TE",
    };

    private static readonly HashSet<string> SkippedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Date", "Server",
    };

    private readonly ILogger _log = loggers.CreateLogger("agent.http");

    /// <summary>
    /// Forwards <paramref name="http"/> when the rules say so and answers it from the target; false when the request
    /// is for this agent (<paramref name="routedLocally"/>: the route table has a handler for its path).
    /// </summary>
    public async ValueTask<bool> TryForwardAsync(HttpContext http, bool routedLocally)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.Request.Path.Value ?? "";
        if (!path.StartsWith("/v1/", StringComparison.Ordinal) || IsAgentLocal(path) || HttpMethods.IsOptions(http.Request.Method))
        {
            return false;
        }

        var hops = http.Items.TryGetValue(HopsItem, out var h) && h is int n ? n : 0;
        if (http.Request.Query.TryGetValue("dc", out var dcs) && dcs.Count > 0 && dcs[0] is { Length: > 0 } dc
            && !string.Equals(dc, router.Datacenter, StringComparison.OrdinalIgnoreCase))
        {
            if (hops >= RpcErrors.MaxHops)
            {
                await FailAsync(http, StatusCodes.Status500InternalServerError, RpcErrors.TooManyHops).ConfigureAwait(false);
                return true;
            }

            await ForwardToAnyServerAsync(http, hops, server is null ? null : dc).ConfigureAwait(false);
            return true;
        }

        if (server is null)
        {
            if (routedLocally)
            {
                return false;
            }

            await ForwardToAnyServerAsync(http, hops).ConfigureAwait(false);
            return true;
        }

        if (!routedLocally || !server.RpcEnabled || path.StartsWith("/v1/status/", StringComparison.Ordinal) || server.IsLeader || !NeedsLeader(http))
        {
            return false;
        }

        return await ForwardToLeaderAsync(http, server, hops).ConfigureAwait(false);
    }

    /// <summary>Paths every agent answers itself: its own API, user events (gossip), keyring (gossip).</summary>
    private static bool IsAgentLocal(string path) =>
        path.StartsWith("/v1/agent/", StringComparison.Ordinal)
        || path.StartsWith("/v1/event/", StringComparison.Ordinal)
        || path.StartsWith("/v1/operator/keyring", StringComparison.Ordinal);

    /// <summary>Writes and default/consistent reads need the leader; stale reads do not, unless this server's
    /// contact with the leader is older than <c>max_stale</c>.</summary>
    private bool NeedsLeader(HttpContext http)
    {
        var method = http.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            return true;
        }

        var query = http.Request.Query;
        if (query.ContainsKey("consistent"))
        {
            return true;
        }

        var maxStale = TimeSpan.Zero;
        if (query.TryGetValue("max_stale", out var ms) && ms.Count > 0 && ms[0] is { } text)
        {
            _ = GoDuration.TryParse(text, out maxStale);
        }

        if (!query.ContainsKey("stale") && maxStale <= TimeSpan.Zero)
        {
            return true;
        }

        var status = server!.Status;
        return maxStale > TimeSpan.Zero && status.KnownLeader && status.LastContact is { } contact && contact > maxStale;
    }

    /// <summary>Forwards to a server of this datacenter (client agents), or of <paramref name="datacenter"/> (servers).</summary>
    private async Task ForwardToAnyServerAsync(HttpContext http, int hops, string? datacenter = null)
    {
        ForwardRequest request;
        try
        {
            request = await EnvelopeAsync(http, hops + 1).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var deadline = Deadline(http, router.HoldTimeout);
        var idempotent = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        try
        {
            Func<ServerRpc.ServerRpcClient, CancellationToken, Task<ForwardReply>> call =
                async (client, ct) => await client.ForwardAsync(request, deadline: deadline, cancellationToken: ct).ConfigureAwait(false);
            ForwardReply reply;
            if (datacenter is null)
            {
                reply = await router.InvokeAsync(call, idempotent, http.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                LogForwardingToDatacenter(_log, http.Request.Method, http.Request.Path.Value ?? "", datacenter);
                reply = await router.InvokeInDatacenterAsync(datacenter, call, idempotent, http.RequestAborted).ConfigureAwait(false);
            }

            await WriteReplyAsync(http, reply).ConfigureAwait(false);
        }
        catch (ConsulException ex)
        {
            await FailAsync(http, ErrorStatus(ex.Kind), ex.Message).ConfigureAwait(false);
        }
        catch (RpcException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(http, StatusCodes.Status500InternalServerError, $"rpc error making call: {ex.Status.Detail}").ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or RpcException) && http.RequestAborted.IsCancellationRequested)
        {
            // The HTTP client went away: the forwarded call was cancelled with it.
        }
    }

    /// <summary>Forwards to the leader; false when this server became the leader meanwhile (serve it here).</summary>
    private async Task<bool> ForwardToLeaderAsync(HttpContext http, ConsulServer self, int hops)
    {
        if (hops >= RpcErrors.MaxHops)
        {
            await FailAsync(http, StatusCodes.Status500InternalServerError, RpcErrors.TooManyHops).ConfigureAwait(false);
            return true;
        }

        ForwardRequest request;
        try
        {
            request = await EnvelopeAsync(http, hops + 1).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return true;
        }

        var hold = self.Options.LeaderWait;
        var giveUp = time.GetUtcNow() + hold;
        var deadline = Deadline(http, hold);
        var idempotent = HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method);
        try
        {
            while (true)
            {
                // Hold the request while there is no leader (Consul's rpc_hold_timeout), then answer No cluster leader.
                if (!await self.WaitForKnownLeaderAsync(http.RequestAborted).ConfigureAwait(false))
                {
                    http.RequestAborted.ThrowIfCancellationRequested();
                    await FailAsync(http, StatusCodes.Status500InternalServerError, Errors.NoClusterLeader).ConfigureAwait(false);
                    return true;
                }

                var status = self.Status;
                if (self.IsLeader || status.LeaderAddress is not { } leader || leader == status.Address)
                {
                    // Became the leader meanwhile: serve it here after all, with the body the envelope consumed.
                    http.Request.Body = new MemoryStream(request.Body.ToByteArray());
                    return false;
                }

                try
                {
                    LogForwarding(_log, http.Request.Method, http.Request.Path.Value ?? "", leader);
                    var reply = await pool.For(leader).ForwardAsync(request, deadline: deadline, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                    await WriteReplyAsync(http, reply).ConfigureAwait(false);
                    return true;
                }
                catch (RpcException ex) when (!http.RequestAborted.IsCancellationRequested && RpcClientPool.CanRetry(ex, idempotent) && time.GetUtcNow() < giveUp)
                {
                    LogLeaderUnreachable(_log, leader, ex.Status.Detail);
                    await Task.Delay(TimeSpan.FromMilliseconds(50), time, http.RequestAborted).ConfigureAwait(false);
                }
            }
        }
        catch (RpcException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(http, StatusCodes.Status500InternalServerError, $"rpc error making call: {ex.Status.Detail}").ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or RpcException) && http.RequestAborted.IsCancellationRequested)
        {
            // The HTTP client went away: the forwarded call was cancelled with it.
        }

        return true;
    }

    /// <summary>The gRPC deadline: a blocking query's wait (capped at 10 minutes, as Consul caps it) plus Consul's
    /// jitter allowance (wait/16) plus the hold time; other requests get a fixed bound.</summary>
    private DateTime Deadline(HttpContext http, TimeSpan hold)
    {
        var query = http.Request.Query;
        var now = time.GetUtcNow().UtcDateTime;
        if (!query.TryGetValue("index", out var index) || index.Count == 0 || !ulong.TryParse(index[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i == 0)
        {
            return now + NonBlockingDeadline;
        }

        var wait = DefaultBlockingWait;
        if (query.TryGetValue("wait", out var w) && w.Count > 0 && w[0] is { } text && GoDuration.TryParse(text, out var parsed) && parsed > TimeSpan.Zero)
        {
            wait = parsed;
        }

        wait = wait > MaxBlockingWait ? MaxBlockingWait : wait;
        return now + wait + (wait / 16) + hold + TimeSpan.FromSeconds(5);
    }

    private static async Task<ForwardRequest> EnvelopeAsync(HttpContext http, int hops)
    {
        var req = http.Request;
        var request = new ForwardRequest
        {
            Method = req.Method,
            Path = req.Path.Value ?? "/",
            Query = req.QueryString.Value ?? "",
            Hops = (uint)hops,
            RemoteAddr = http.Connection.RemoteIpAddress is { } ip ? ip.ToString() : "",
        };
        foreach (var (name, values) in req.Headers)
        {
            if (SkippedRequestHeaders.Contains(name))
            {
                continue;
            }

            var header = new HttpHeader { Name = name };
            header.Values.AddRange(values.Where(v => v is not null).Select(v => v!));
            request.Headers.Add(header);
        }

        if (req.ContentLength is > 0 || req.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var body = new MemoryStream(req.ContentLength is { } l and < 1 << 20 ? (int)l : 4096);
            await req.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            request.Body = ByteString.CopyFrom(body.GetBuffer(), 0, (int)body.Length);
        }

        return request;
    }

    private static async Task WriteReplyAsync(HttpContext http, ForwardReply reply)
    {
        var res = http.Response;
        res.StatusCode = reply.Status;
        foreach (var header in reply.Headers)
        {
            if (!SkippedResponseHeaders.Contains(header.Name))
            {
                res.Headers[header.Name] = header.Values.ToArray();
            }
        }

        if (reply.Body.Length > 0)
        {
            res.ContentLength = reply.Body.Length;
            await res.Body.WriteAsync(reply.Body.Memory, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static Task FailAsync(HttpContext http, int status, string text)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        http.Response.Clear();
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    private static int ErrorStatus(ConsulErrorKind kind) => Routing.ErrorMapping.StatusFor(kind);

    [LoggerMessage(EventId = 4500, Level = LogLevel.Debug, Message = "forwarding request to the leader: method={Method} path={Path} leader={Leader}")]
    private static partial void LogForwarding(ILogger logger, string method, string path, string leader);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Debug, Message = "forwarding request to another datacenter: method={Method} path={Path} datacenter={Datacenter}")]
    private static partial void LogForwardingToDatacenter(ILogger logger, string method, string path, string datacenter);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "leader unreachable while forwarding, holding the request: leader={Leader} error={Error}")]
    private static partial void LogLeaderUnreachable(ILogger logger, string leader, string error);
}
