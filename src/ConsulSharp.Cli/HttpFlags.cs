using ConsulSharp.Client;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli;

/// <summary>The HTTP client flags every API command has (<c>-http-addr</c>, <c>-token</c>, ...), over the environment.</summary>
public sealed class HttpFlags
{
    private readonly FlagValue<string?> _addr;
    private readonly FlagValue<string?> _token;
    private readonly FlagValue<string?> _tokenFile;
    private readonly FlagValue<string?>? _datacenter;
    private readonly FlagValue<bool>? _stale;
    private readonly FlagValue<string?> _caFile;
    private readonly FlagValue<string?> _caPath;
    private readonly FlagValue<string?> _clientCert;
    private readonly FlagValue<string?> _clientKey;
    private readonly FlagValue<string?> _tlsServerName;

    public HttpFlags(FlagSet set, bool serverFlags)
    {
        _addr = set.String("http-addr", null, "The `address` and port of the Consul HTTP agent. The value can be an IP address or DNS address, but it must also include the port. This can also be specified via the CONSUL_HTTP_ADDR environment variable. The default value is http://127.0.0.1:8500. The scheme can also be set to HTTPS by setting the environment variable CONSUL_HTTP_SSL=true.");
        _token = set.String("token", null, "ACL token to use in the request. This can also be specified via the CONSUL_HTTP_TOKEN environment variable. If unspecified, the query will default to the token of the Consul agent at the HTTP address.");
        _tokenFile = set.String("token-file", null, "File containing the ACL token to use in the request instead of one specified via the -token argument or CONSUL_HTTP_TOKEN environment variable. This can also be specified via the CONSUL_HTTP_TOKEN_FILE environment variable.");
        _caFile = set.String("ca-file", null, "Path to a CA file to use for TLS when communicating with Consul. This can also be specified via the CONSUL_CACERT environment variable.");
        _caPath = set.String("ca-path", null, "Path to a directory of CA certificates to use for TLS when communicating with Consul. This can also be specified via the CONSUL_CAPATH environment variable.");
        _clientCert = set.String("client-cert", null, "Path to a client cert file to use for TLS when 'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_CERT environment variable.");
        _clientKey = set.String("client-key", null, "Path to a client key file to use for TLS when 'verify_incoming' is enabled. This can also be specified via the CONSUL_CLIENT_KEY environment variable.");
        _tlsServerName = set.String("tls-server-name", null, "The server name to use as the SNI host when connecting via TLS. This can also be specified via the CONSUL_TLS_SERVER_NAME environment variable.");
        if (serverFlags)
        {
            _datacenter = set.String("datacenter", null, "Name of the datacenter to query. If unspecified, this will default to the datacenter of the queried agent.");
            _stale = set.Bool("stale", false, "Permit any Consul server (non-leader) to respond to this request. This allows for lower latency and higher throughput, but can result in stale data. This option has no effect on non-read operations. The default value is false.");
        }
    }

    public bool Stale => _stale?.Value ?? false;

    public ConsulClientConfig ClientConfig(CliContext context)
    {
        var cfg = ConsulClientConfig.FromEnvironment(context.GetEnv);
        if (_addr.Value is { Length: > 0 } a)
        {
            cfg = cfg with { Address = a };
        }

        if (_tokenFile.Value is { Length: > 0 } tf)
        {
            cfg = cfg with { Token = File.ReadAllText(tf).Trim() };
        }
        else if (_token.Value is { Length: > 0 } t)
        {
            cfg = cfg with { Token = t };
        }

        if (_caFile.Value is { Length: > 0 } ca)
        {
            cfg = cfg with { CaFile = ca };
        }

        if (_caPath.Value is { Length: > 0 } caPath)
        {
            cfg = cfg with { CaPath = caPath };
        }

        if (_clientCert.Value is { Length: > 0 } cc)
        {
            cfg = cfg with { ClientCert = cc };
        }

        if (_clientKey.Value is { Length: > 0 } ck)
        {
            cfg = cfg with { ClientKey = ck };
        }

        if (_tlsServerName.Value is { Length: > 0 } sni)
        {
            cfg = cfg with { TlsServerName = sni };
        }

        if (_datacenter?.Value is { Length: > 0 } dc)
        {
            cfg = cfg with { Datacenter = dc };
        }

        return cfg;
    }

    public ConsulHttpClient CreateClient(CliContext context) => new(ClientConfig(context));
}
