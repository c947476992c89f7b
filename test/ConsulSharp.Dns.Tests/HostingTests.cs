using System.Net;
using ConsulSharp.Agent.Config;
using ConsulSharp.Hosting;
using DnsClient;

namespace ConsulSharp.Dns.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Agent_starts_dns_on_udp_and_tcp_and_logs_like_consul()
    {
        var log = new StringWriter();
        var config = new RuntimeConfig
        {
            NodeName = "dns-host",
            DevMode = true,
            ServerMode = true,
            Bootstrap = true,
            BindAddr = IPAddress.Loopback,
            AdvertiseAddr = IPAddress.Loopback,
            ClientAddrs = [IPAddress.Loopback],
            HttpPort = 0,
            DnsPort = 0,
            SerfLanPort = 0,
            SerfWanPort = 0,
            ServerPort = 0,
        };
        var host = await AgentHost.StartAsync(config, new AgentHostOptions { LogOutput = TextWriter.Synchronized(log) }, TestContext.Current.CancellationToken);
        IPEndPoint ep;
        try
        {
            ep = host.DnsAddress;
            Assert.NotEqual(0, ep.Port);
            var text = log.ToString();
            Assert.Contains($"[INFO]  agent: Started DNS server: address=127.0.0.1:{ep.Port} network=udp", text, StringComparison.Ordinal);
            Assert.Contains($"[INFO]  agent: Started DNS server: address=127.0.0.1:{ep.Port} network=tcp", text, StringComparison.Ordinal);

            // The agent's own node is in the catalog once it leads; ask for it over both transports.
            var client = new LookupClient(new LookupClientOptions(ep) { UseCache = false, Retries = 0, ThrowDnsErrors = false, ContinueOnDnsError = false });
            IDnsQueryResponse? r = null;
            for (var i = 0; i < 50; i++)
            {
                r = await client.QueryAsync("dns-host.node.consul", QueryType.A, cancellationToken: TestContext.Current.CancellationToken);
                if (r.Answers.Count > 0)
                {
                    break;
                }

                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            Assert.Single(r!.Answers);
            var tcp = new LookupClient(new LookupClientOptions(ep) { UseCache = false, UseTcpOnly = true, Retries = 0 });
            Assert.Single((await tcp.QueryAsync("dns-host.node.consul", QueryType.A, cancellationToken: TestContext.Current.CancellationToken)).Answers);
        }
        finally
        {
            try
            {
                await host.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // Known issue outside DNS: in -dev mode RaftNode and ConsulServer both dispose the in-memory transport.
            }
        }

        Assert.Contains($"[INFO]  agent: Stopping server: protocol=DNS address=127.0.0.1:{ep.Port} network=udp", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_map_domain_alt_domain_and_recursors()
    {
        var o = AgentHost.DnsOptionsFrom(new RuntimeConfig { NodeName = "x", Datacenter = "dc9", Domain = "example.", AltDomain = "alt.", Recursors = ["8.8.8.8", "127.0.0.1:5353"] });
        Assert.Equal("dc9", o.Datacenter);
        Assert.Equal("example.", o.Domain);
        Assert.Equal("alt.", o.AltDomain);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("8.8.8.8"), 53), new IPEndPoint(IPAddress.Loopback, 5353)], o.Recursors);
    }
}
