using System.Net.Security;
using System.Net.Sockets;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// H2PING check: opens an HTTP/2 connection (TLS with ALPN <c>h2</c> unless <c>H2PingUseTLS</c> is false, else h2c
/// with prior knowledge), sends the preface, SETTINGS and a PING frame, and is passing when the PING ACK arrives.
/// </summary>
internal sealed class H2PingCheck(CheckContext context, bool useTls) : IntervalCheck(context, TimeSpan.FromSeconds(10))
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var target = Context.Definition.H2Ping;
        if (!Endpoints.TrySplit(target, out var host, out var port))
        {
            return new CheckResult(HealthStatus.Critical, $"Failed to dial to {target}: missing port in address");
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = client.GetStream();
            if (useTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                var options = new SslClientAuthenticationOptions
                {
                    TargetHost = Context.Definition.TlsServerName.Length > 0 ? Context.Definition.TlsServerName : host,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                };
                if (Context.Definition.TlsSkipVerify)
                {
#pragma warning disable CA5359 // TLSSkipVerify: the check definition asked not to verify
                    options.RemoteCertificateValidationCallback = static (_, _, _, errors) => true;
#pragma warning restore CA5359
                }

                await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                stream = ssl;
            }

            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(Preface, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(Frame(0x4, 0, []), cancellationToken).ConfigureAwait(false); // SETTINGS
                await stream.WriteAsync(Frame(0x6, 0, "consulpg"u8.ToArray()), cancellationToken).ConfigureAwait(false); // PING
                var header = new byte[9];
                while (true)
                {
                    await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                    var length = (header[0] << 16) | (header[1] << 8) | header[2];
                    var payload = new byte[length];
                    await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
                    if (header[3] == 0x6 && (header[4] & 0x1) != 0)
                    {
                        return new CheckResult(HealthStatus.Passing, "HTTP2 ping was successful");
                    }

                    if (header[3] == 0x4 && (header[4] & 0x1) == 0)
                    {
                        await stream.WriteAsync(Frame(0x4, 0x1, []), cancellationToken).ConfigureAwait(false); // SETTINGS ACK
                    }
                    else if (header[3] == 0x7)
                    {
                        return new CheckResult(HealthStatus.Critical, "HTTP2 ping failed: connection closed by peer (GOAWAY)");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return new CheckResult(HealthStatus.Critical, $"Failed to dial to {target}: {(ex is SocketException se ? Endpoints.Describe(se) : ex.Message)}");
        }
    }

    private static byte[] Frame(byte type, byte flags, byte[] payload)
    {
        var f = new byte[9 + payload.Length];
        f[0] = (byte)(payload.Length >> 16);
        f[1] = (byte)(payload.Length >> 8);
        f[2] = (byte)payload.Length;
        f[3] = type;
        f[4] = flags;
        payload.CopyTo(f, 9);
        return f;
    }
}
