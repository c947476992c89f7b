using System.Net;
using System.Text;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// gRPC check with the standard <c>grpc.health.v1.Health/Check</c> protocol, hand-rolled over HTTP/2 (h2c, or TLS with
/// <c>GRPCUseTLS</c>): the request is one length-prefixed protobuf message with field 1 = service name; SERVING (1) in
/// the answer is passing, anything else critical. Target <c>host:port[/service]</c>. Default timeout 10 s.
/// </summary>
internal sealed class GrpcCheck : IntervalCheck
{
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string _service;

    public GrpcCheck(CheckContext context)
        : base(context, TimeSpan.FromSeconds(10))
    {
        var def = context.Definition;
        var target = def.Grpc;
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        _service = slash >= 0 ? target[(slash + 1)..] : "";
        var hostPort = slash >= 0 ? target[..slash] : target;
        _uri = new Uri($"{(def.GrpcUseTls ? "https" : "http")}://{hostPort}/grpc.health.v1.Health/Check");
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (def.TlsSkipVerify)
        {
#pragma warning disable CA5359 // TLSSkipVerify: the check definition asked not to verify
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, errors) => true;
#pragma warning restore CA5359
        }

        if (def.TlsServerName.Length > 0)
        {
            handler.SslOptions.TargetHost = def.TlsServerName;
        }

        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var target = Context.Definition.Grpc;
        using var req = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(EncodeRequest(_service)),
        };
        req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        req.Headers.TryAddWithoutValidation("TE", "trailers");
        try
        {
            using var res = await _client.SendAsync(req, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var body = await res.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var grpcStatus = Header(res, "grpc-status");
            if (grpcStatus is not null and not "0")
            {
                var message = Header(res, "grpc-message") ?? "";
                return new CheckResult(HealthStatus.Critical, $"gRPC check {target}: rpc error: code = {grpcStatus} desc = {message}");
            }

            var serving = DecodeStatus(body);
            return serving == 1
                ? new CheckResult(HealthStatus.Passing, $"gRPC check {target}: success")
                : new CheckResult(HealthStatus.Critical, $"gRPC check {target}: failed with status {StatusName(serving)}");
        }
        catch (HttpRequestException ex)
        {
            return new CheckResult(HealthStatus.Critical, $"gRPC check {target}: {ex.Message}");
        }
    }

    protected override ValueTask ReleaseResourcesAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>gRPC framing (compression flag, big-endian length) around <c>HealthCheckRequest{service}</c>.</summary>
    internal static byte[] EncodeRequest(string service)
    {
        var name = Encoding.UTF8.GetBytes(service);
        var message = new List<byte>();
        if (name.Length > 0)
        {
            message.Add(0x0A); // field 1, length-delimited
            var len = name.Length;
            while (len >= 0x80)
            {
                message.Add((byte)(len | 0x80));
                len >>= 7;
            }

            message.Add((byte)len);
            message.AddRange(name);
        }

        var framed = new byte[5 + message.Count];
        framed[1] = (byte)(message.Count >> 24);
        framed[2] = (byte)(message.Count >> 16);
        framed[3] = (byte)(message.Count >> 8);
        framed[4] = (byte)message.Count;
        message.CopyTo(framed, 5);
        return framed;
    }

    /// <summary>Reads field 1 (the status enum) of a framed <c>HealthCheckResponse</c>; 0 (UNKNOWN) when absent.</summary>
    internal static int DecodeStatus(byte[] framed)
    {
        if (framed.Length < 5)
        {
            return 0;
        }

        var i = 5;
        while (i < framed.Length)
        {
            var tag = framed[i++];
            if (tag == 0x08)
            {
                var value = 0;
                var shift = 0;
                while (i < framed.Length)
                {
                    var b = framed[i++];
                    value |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0)
                    {
                        return value;
                    }

                    shift += 7;
                }

                return 0;
            }

            return 0;
        }

        return 0;
    }

    private static string StatusName(int status) => status switch
    {
        0 => "UNKNOWN",
        2 => "NOT_SERVING",
        3 => "SERVICE_UNKNOWN",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string? Header(HttpResponseMessage res, string name) =>
        res.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
        : res.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault()
        : null;
}
