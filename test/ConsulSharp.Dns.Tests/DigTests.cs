using System.Diagnostics;

namespace ConsulSharp.Dns.Tests;

/// <summary>The same answers as seen by BIND's <c>dig</c> (skipped when it is not installed).</summary>
public sealed class DigTests(DnsFixture fx)
{
    private async Task<string> DigAsync(params string[] args)
    {
        var path = new[] { "/usr/bin/dig", "/bin/dig", "/usr/local/bin/dig" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(path is null, "dig is not installed (apt-get install bind9-dnsutils)");
        var psi = new ProcessStartInfo(path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("@" + fx.Endpoint.Address);
        psi.ArgumentList.Add("-p");
        psi.ArgumentList.Add(fx.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("+tries=1");
        psi.ArgumentList.Add("+time=3");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }

    [Fact]
    public async Task Dig_service_a()
    {
        var o = await DigAsync("web.service.consul", "A");
        Assert.Contains("status: NOERROR", o, StringComparison.Ordinal);
        Assert.Contains("flags: qr aa rd;", o, StringComparison.Ordinal);
        Assert.Matches(@"web\.service\.consul\.\s+0\s+IN\s+A\s+10\.0\.0\.1", o);
        Assert.DoesNotContain("10.0.0.3", o, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dig_srv_with_additional_over_tcp()
    {
        var o = await DigAsync("+tcp", "api.service.consul", "SRV");
        Assert.Matches(@"api\.service\.consul\.\s+0\s+IN\s+SRV\s+1 1 9000 c0a80105\.addr\.dc1\.consul\.", o);
        Assert.Matches(@"c0a80105\.addr\.dc1\.consul\.\s+0\s+IN\s+A\s+192\.168\.1\.5", o);
    }

    [Fact]
    public async Task Dig_nxdomain_and_soa()
    {
        var o = await DigAsync("nosuch.service.consul", "A");
        Assert.Contains("status: NXDOMAIN", o, StringComparison.Ordinal);
        Assert.Matches(@"consul\.\s+0\s+IN\s+SOA\s+ns\.consul\. hostmaster\.consul\. \d+ 3600 600 86400 0", o);
    }

    [Fact]
    public async Task Dig_reverse_and_no_edns_truncation_limit()
    {
        var ptr = await DigAsync("-x", "10.0.0.1");
        Assert.Contains("PTR\tn1.node.dc1.consul.", ptr, StringComparison.Ordinal);
        var plain = await DigAsync("+noedns", "+ignore", "many.service.consul", "A");
        Assert.Contains("ANSWER: 3,", plain, StringComparison.Ordinal);
    }
}
