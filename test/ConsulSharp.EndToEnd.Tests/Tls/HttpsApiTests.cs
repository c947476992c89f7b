using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests.Tls;

/// <summary>
/// The HTTPS API (<c>ports.https</c> with <c>tls { defaults { ca_file cert_file key_file } https { verify_incoming } }</c>)
/// and the CLI's TLS flags and environment (<c>-ca-file</c>, <c>-client-cert/-client-key</c>, <c>CONSUL_HTTP_SSL</c>,
/// <c>CONSUL_CACERT</c>...), with a CA and certificates made by the test.
/// </summary>
public sealed class HttpsApiTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("consulsharp-tls-");

    private string Dir => _scratch.Path;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Https_api_serves_clients_that_trust_the_ca_and_requires_client_certificates_with_verify_incoming()
    {
        using var ca = MakeCa("ConsulSharp Test CA");
        using var rogueCa = MakeCa("Rogue CA");
        Write("ca.pem", ca);
        WriteLeaf("server", ca, "server.dc1.consul", server: true);
        WriteLeaf("client", ca, "client.dc1.consul", server: false);
        WriteLeaf("rogue", rogueCa, "rogue", server: false);

        var port = FreePorts.Take(1)[0];
        var config = Path.Combine(Dir, "config");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "tls.hcl"), $$"""
            ports { https = {{port.ToString(CultureInfo.InvariantCulture)}} }
            tls {
              defaults {
                ca_file   = "{{P("ca.pem")}}"
                cert_file = "{{P("server.pem")}}"
                key_file  = "{{P("server-key.pem")}}"
              }
              https { verify_incoming = true }
            }
            """, Ct);
        var (agent, client) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], "https");
        await using var a = agent;
        using var c = client;
        await agent.WaitForOutputAsync($"Starting server: protocol=https address=127.0.0.1:{port} network=tcp", TimeSpan.FromSeconds(10));
        Assert.Contains("HTTPS TLS: Verify Incoming: true", agent.Stdout, StringComparison.Ordinal);
        var https = $"https://127.0.0.1:{port}";

        var ok = await AgentProcess.RunAsync(["kv", "put", $"-http-addr={https}", $"-ca-file={P("ca.pem")}", $"-client-cert={P("client.pem")}", $"-client-key={P("client-key.pem")}", "tls/key", "over-https"]);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal("Success! Data written to: tls/key", ok.Stdout.Trim());

        // The same through the environment, with the address without a scheme.
        var env = new Dictionary<string, string>
        {
            ["CONSUL_HTTP_ADDR"] = $"127.0.0.1:{port}",
            ["CONSUL_HTTP_SSL"] = "true",
            ["CONSUL_CACERT"] = P("ca.pem"),
            ["CONSUL_CLIENT_CERT"] = P("client.pem"),
            ["CONSUL_CLIENT_KEY"] = P("client-key.pem"),
        };
        var get = await AgentProcess.RunAsync(["kv", "get", "tls/key"], env);
        Assert.True(get.ExitCode == 0, get.Stderr);
        Assert.Equal("over-https", get.Stdout.Trim());

        // Refused: a server certificate the client does not trust, no client certificate, a client certificate of
        // another CA.
        var untrusted = await AgentProcess.RunAsync(["kv", "get", $"-http-addr={https}", $"-client-cert={P("client.pem")}", $"-client-key={P("client-key.pem")}", "tls/key"]);
        Assert.Equal(1, untrusted.ExitCode);
        var noClientCert = await AgentProcess.RunAsync(["kv", "get", $"-http-addr={https}", $"-ca-file={P("ca.pem")}", "tls/key"]);
        Assert.Equal(1, noClientCert.ExitCode);
        var rogue = await AgentProcess.RunAsync(["kv", "get", $"-http-addr={https}", $"-ca-file={P("ca.pem")}", $"-client-cert={P("rogue.pem")}", $"-client-key={P("rogue-key.pem")}", "tls/key"]);
        Assert.Equal(1, rogue.ExitCode);
        Assert.DoesNotContain("over-https", untrusted.Stdout + noClientCert.Stdout + rogue.Stdout, StringComparison.Ordinal);

        // The plain HTTP listener keeps working next to it.
        Assert.Equal("over-https", (await client.GetAsync("/v1/kv/tls/key?raw", Ct)).Text);
    }

    [Fact]
    public async Task Https_api_speaks_http2_so_blocking_queries_share_one_connection()
    {
        using var ca = MakeCa("ConsulSharp Test CA");
        Write("ca.pem", ca);
        WriteLeaf("server", ca, "server.dc1.consul", server: true);
        var port = FreePorts.Take(1)[0];
        var config = Path.Combine(Dir, "h2");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "tls.hcl"), $$"""
            ports { https = {{port.ToString(CultureInfo.InvariantCulture)}} }
            tls { defaults { cert_file = "{{P("server.pem")}}"  key_file = "{{P("server-key.pem")}}" } }
            """, Ct);
        var (agent, plain) = await AgentProcess.StartAgentAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], "h2");
        await using var a = agent;
        using var p = plain;
        await agent.WaitForOutputAsync($"Starting server: protocol=https address=127.0.0.1:{port} network=tcp", TimeSpan.FromSeconds(10));

        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 c && c.Issuer == ca.Subject },
            ConnectCallback = async (ctx, ct) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(ctx.DnsEndPoint, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var h2 = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using (var put = await h2.PutAsync(new Uri("/v1/kv/h2/key", UriKind.Relative), new StringContent("v1"), Ct))
        {
            Assert.Equal(HttpVersion.Version20, put.Version);
            Assert.Equal("true", await put.Content.ReadAsStringAsync(Ct));
        }

        using var first = await h2.GetAsync(new Uri("/v1/kv/h2/key", UriKind.Relative), Ct);
        var index = first.Headers.GetValues("X-Consul-Index").Single();

        // Twenty blocking queries at once (streams of one connection), one write wakes them all.
        var waiters = Enumerable.Range(0, 20).Select(_ => h2.GetStringAsync(new Uri($"/v1/kv/h2/key?raw&index={index}&wait=30s", UriKind.Relative), Ct)).ToArray();
        await Task.Delay(500, Ct);
        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        Assert.Equal("true", (await p.PutAsync("/v1/kv/h2/key", "over-http2"u8.ToArray(), Ct)).Text);
        Assert.All(await Task.WhenAll(waiters), v => Assert.Equal("over-http2", v));
        Assert.Equal(1, connections);
    }

    [Fact]
    public async Task An_https_port_without_a_certificate_is_refused_at_start()
    {
        var config = Path.Combine(Dir, "nocert");
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "tls.json"), """{"ports": {"https": 18501}}""", Ct);
        var r = await AgentProcess.RunAsync(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-server-port=0", "-serf-lan-port=0", "-serf-wan-port=0", "-config-dir", config], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("HTTPS port is set but no certificate is configured", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    private string P(string name) => Path.Combine(Dir, name);


    private void Write(string name, X509Certificate2 cert) => File.WriteAllText(P(name), cert.ExportCertificatePem());

    private static X509Certificate2 MakeCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return req.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
    }

    private void WriteLeaf(string name, X509Certificate2 ca, string cn, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        using var cert = req.Create(ca, TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(29), serial);
        File.WriteAllText(P(name + ".pem"), cert.ExportCertificatePem());
        File.WriteAllText(P(name + "-key.pem"), key.ExportPkcs8PrivateKeyPem());
    }
}
