using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ConsulSharp.Client;

/// <summary>The HTTPS side of <see cref="ConsulClientConfig"/>: a handler that trusts the configured CA (instead of the
/// system store), presents the client certificate, and checks the configured server name.</summary>
internal static class ClientTls
{
    public static SocketsHttpHandler Handler(ConsulClientConfig config)
    {
        var handler = new SocketsHttpHandler();
        var ssl = handler.SslOptions;
        if (config.TlsServerName.Length > 0)
        {
            ssl.TargetHost = config.TlsServerName;
        }

        if (config.ClientCert.Length > 0 && config.ClientKey.Length > 0)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(config.ClientCert, config.ClientKey)];
        }

        if (config.InsecureSkipVerify)
        {
#pragma warning disable CA5359 // CONSUL_HTTP_SSL_VERIFY=false: the user turned verification off, as Consul's api allows
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (TlsTrust.LoadRoots(config.CaFile, config.CaPath) is { Count: > 0 } roots)
        {
            ssl.RemoteCertificateValidationCallback = (_, cert, _, errors) => Verify(cert, errors, roots);
        }

        return handler;
    }

    private static bool Verify(X509Certificate? cert, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (cert is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        return TlsTrust.ChainsTo(cert as X509Certificate2 ?? new X509Certificate2(cert), roots);
    }
}
