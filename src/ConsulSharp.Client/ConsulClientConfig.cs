namespace ConsulSharp.Client;

/// <summary>Where and how to reach an agent: <c>-http-addr</c>/<c>CONSUL_HTTP_ADDR</c>, token, datacenter.</summary>
public sealed record ConsulClientConfig
{
    public string Address { get; init; } = "127.0.0.1:8500";

    public string Token { get; init; } = "";

    public string Datacenter { get; init; } = "";

    /// <summary>HTTPS when the address has no scheme (<c>CONSUL_HTTP_SSL=true</c>).</summary>
    public bool UseTls { get; init; }

    /// <summary>CA bundle (PEM) that the agent's certificate must chain to (<c>-ca-file</c>, <c>CONSUL_CACERT</c>);
    /// empty: the system's trust store.</summary>
    public string CaFile { get; init; } = "";

    /// <summary>Directory of CA certificates (<c>-ca-path</c>, <c>CONSUL_CAPATH</c>).</summary>
    public string CaPath { get; init; } = "";

    /// <summary>Client certificate and key (PEM) for agents with <c>verify_incoming</c>.</summary>
    public string ClientCert { get; init; } = "";

    public string ClientKey { get; init; } = "";

    /// <summary>SNI name and the name the certificate must carry (<c>-tls-server-name</c>).</summary>
    public string TlsServerName { get; init; } = "";

    /// <summary>Skips certificate verification (<c>CONSUL_HTTP_SSL_VERIFY=false</c>).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Reads the standard environment variables, as Consul's api.DefaultConfig does.</summary>
    public static ConsulClientConfig FromEnvironment(Func<string, string?>? getEnv = null)
    {
        getEnv ??= Environment.GetEnvironmentVariable;
        var cfg = new ConsulClientConfig();
        if (getEnv("CONSUL_HTTP_ADDR") is { Length: > 0 } addr)
        {
            cfg = cfg with { Address = addr };
        }

        if (getEnv("CONSUL_HTTP_TOKEN_FILE") is { Length: > 0 } tokenFile && File.Exists(tokenFile))
        {
            cfg = cfg with { Token = File.ReadAllText(tokenFile).Trim() };
        }
        else if (getEnv("CONSUL_HTTP_TOKEN") is { Length: > 0 } token)
        {
            cfg = cfg with { Token = token };
        }

        if (getEnv("CONSUL_HTTP_SSL") is { Length: > 0 } ssl && ParseBool(ssl))
        {
            cfg = cfg with { UseTls = true };
        }

        if (getEnv("CONSUL_HTTP_SSL_VERIFY") is { Length: > 0 } verify && !ParseBool(verify))
        {
            cfg = cfg with { InsecureSkipVerify = true };
        }

        cfg = cfg with
        {
            CaFile = getEnv("CONSUL_CACERT") ?? "",
            CaPath = getEnv("CONSUL_CAPATH") ?? "",
            ClientCert = getEnv("CONSUL_CLIENT_CERT") ?? "",
            ClientKey = getEnv("CONSUL_CLIENT_KEY") ?? "",
            TlsServerName = getEnv("CONSUL_TLS_SERVER_NAME") ?? "",
        };
        return cfg;
    }

    private static bool ParseBool(string s) => s is "1" or "t" or "T" or "true" or "TRUE" or "True";

    public Uri BaseUri()
    {
        var a = Address;
        if (a.StartsWith("http://", StringComparison.Ordinal) || a.StartsWith("https://", StringComparison.Ordinal))
        {
            return new Uri(a.TrimEnd('/') + "/");
        }

        return new Uri((UseTls ? "https://" : "http://") + a.TrimEnd('/') + "/");
    }
}
