namespace ConsulSharp.Client;

/// <summary>Where and how to reach an agent: <c>-http-addr</c>/<c>CONSUL_HTTP_ADDR</c>, token, datacenter.</summary>
public sealed record ConsulClientConfig
{
    public string Address { get; init; } = "127.0.0.1:8500";

    public string Token { get; init; } = "";

    public string Datacenter { get; init; } = "";

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

        return cfg;
    }

    public Uri BaseUri()
    {
        var a = Address;
        if (a.StartsWith("http://", StringComparison.Ordinal) || a.StartsWith("https://", StringComparison.Ordinal))
        {
            return new Uri(a.TrimEnd('/') + "/");
        }

        return new Uri("http://" + a.TrimEnd('/') + "/");
    }
}
