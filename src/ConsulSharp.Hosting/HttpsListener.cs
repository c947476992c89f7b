using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConsulSharp.Agent.Config;
using ConsulSharp.Client;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace ConsulSharp.Hosting;

/// <summary>
/// The HTTPS API listener's TLS (<c>ports.https</c> with <c>tls.https</c>/<c>tls.defaults</c>): the agent's PEM
/// certificate and key, TLS 1.2+ (or 1.3 with <c>tls_min_version = "TLSv1_3"</c>), and with <c>verify_incoming</c>
/// a client certificate that chains to <c>ca_file</c>/<c>ca_path</c> is required.
/// </summary>
internal static class HttpsListener
{
    /// <summary>Loads the certificates; throws <see cref="AgentStartException"/> with what to fix.</summary>
    public static HttpsConnectionAdapterOptions Options(TlsListenerConfig tls)
    {
        if (tls.CertFile.Length == 0 || tls.KeyFile.Length == 0)
        {
            throw new AgentStartException("HTTPS port is set but no certificate is configured: set tls.https.cert_file and tls.https.key_file (or tls.defaults)");
        }

        if (tls.VerifyIncoming && tls.CaFile.Length == 0 && tls.CaPath.Length == 0)
        {
            throw new AgentStartException("VerifyIncoming set for HTTPS, and no CA certificate provided: set tls.https.ca_file or tls.https.ca_path");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile);
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new AgentStartException($"Failed to load the HTTPS certificate (cert_file {tls.CertFile}, key_file {tls.KeyFile}): {ex.Message}", ex);
        }

        var options = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            SslProtocols = tls.MinVersion is "TLSv1_3" or "tls13" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = tls.VerifyIncoming ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
        };
        if (tls.VerifyIncoming)
        {
            X509Certificate2Collection roots;
            try
            {
                if (tls.CaPath.Length > 0 && !Directory.Exists(tls.CaPath))
                {
                    throw new DirectoryNotFoundException($"Could not find a part of the path '{tls.CaPath}'.");
                }

                roots = TlsTrust.LoadRoots(tls.CaFile, tls.CaPath);
            }
            catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
            {
                throw new AgentStartException($"Failed to load the HTTPS CA certificates (ca_file {tls.CaFile}, ca_path {tls.CaPath}): {ex.Message}", ex);
            }

            options.ClientCertificateValidation = (cert, _, errors) => (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && TlsTrust.ChainsTo(cert, roots);
        }

        return options;
    }
}
