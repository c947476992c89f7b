namespace ConsulSharp.Agent.Config;

/// <summary>
/// The TLS settings of one listener (Consul's <c>tls.https</c> over <c>tls.defaults</c> over the deprecated top-level
/// <c>ca_file</c>, <c>cert_file</c>, <c>key_file</c>, <c>verify_incoming[_https]</c>, <c>tls_min_version</c>).
/// </summary>
public sealed record TlsListenerConfig
{
    public string CaFile { get; init; } = "";

    public string CaPath { get; init; } = "";

    public string CertFile { get; init; } = "";

    public string KeyFile { get; init; } = "";

    /// <summary>Clients must present a certificate signed by the CA.</summary>
    public bool VerifyIncoming { get; init; }

    /// <summary><c>TLSv1_2</c> (default) or <c>TLSv1_3</c>.</summary>
    public string MinVersion { get; init; } = "TLSv1_2";
}
