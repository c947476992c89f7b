using System.Net;
using System.Text;

namespace ConsulSharp.Dns.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Parses_question_and_edns()
    {
        var p = RawDns.Query("Web.Service.Consul", 33, edns: 1232);
        Assert.Equal(DnsParseStatus.Ok, DnsRequest.TryParse(p, out var r));
        Assert.Equal("Web.Service.Consul.", r.Name);
        Assert.Equal(33, r.Type);
        Assert.True(r.HasEdns);
        Assert.Equal(1232, r.EdnsSize);
        Assert.True(r.RecursionDesired);
    }

    [Fact]
    public void Backward_pointers_are_followed_but_loops_are_not()
    {
        // Question name "foo." then an OPT-less second name can't be asked; instead check a chain inside one name:
        // offset 12: 3 'a' 'b' 'c' 0 ; the question is a pointer chain at 17 -> 12 (valid, backwards).
        var sb = new StringBuilder();
        byte[] packet = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0, 1, (byte)'x', 0xC0, 12];
        var pos = 17;
        Assert.True(DnsRequest.TryReadName(packet, ref pos, sb));
        Assert.Equal("x.abc.", sb.ToString());
        Assert.Equal(21, pos);

        byte[] loop = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'x', 0xC0, 12];
        pos = 12;
        Assert.False(DnsRequest.TryReadName(loop, ref pos, sb.Clear()));
    }

    [Fact]
    public void Over_long_names_are_rejected()
    {
        var labels = string.Join('.', Enumerable.Repeat(new string('a', 63), 5));
        Assert.Equal(DnsParseStatus.FormatError, DnsRequest.TryParse(RawDns.Query(labels, 1), out _));
    }

    [Fact]
    public void Writer_compresses_repeated_suffixes()
    {
        var w = new DnsWriter();
        var buffer = new byte[512];
        w.Reset(buffer, buffer.Length);
        w.WriteName("web.service.consul.");
        var first = w.Length;
        w.WriteName("n1.node.dc1.consul.");
        w.WriteName("WEB.service.consul.");
        Assert.Equal(first + 3 + 5 + 4 + 2 + 2, w.Length); // n1, node, dc1 then a pointer; then one pointer
        Assert.Equal(0xC0, buffer[w.Length - 2]);
        Assert.Equal(12 - 12, buffer[w.Length - 1]); // points at offset 0 (the first name)

        w.Compress = false;
        w.Reset(buffer, buffer.Length);
        w.WriteName("web.service.consul.");
        w.WriteName("web.service.consul.");
        Assert.Equal(2 * first, w.Length);
    }

    [Fact]
    public void Writer_flags_overflow_instead_of_throwing()
    {
        var w = new DnsWriter();
        var buffer = new byte[10];
        w.Reset(buffer, buffer.Length);
        w.WriteName("web.service.consul.");
        Assert.True(w.Overflow);
    }

    [Theory]
    [InlineData("rack", "r1", "rack=r1")]
    [InlineData("a=b", "c", "a`=b=c")]
    [InlineData("k`", "v`", "k``=v``")]
    [InlineData(" k ", "v", "` k` =v")]
    [InlineData("RFC1035-x", "raw text", "raw text")]
    public void Node_meta_txt_follows_rfc1464(string key, string value, string expected) =>
        Assert.Equal(expected, DnsResolver.EncodeMeta(key, value));

    [Fact]
    public void Reverse_names_decode()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.1"), DnsResolver.ReverseToAddress("1.0.0.10.in-addr.arpa."));
        Assert.Null(DnsResolver.ReverseToAddress("0.10.in-addr.arpa."));
        var v6 = string.Join('.', "20010db8000000000000000000000006".Reverse()) + ".ip6.arpa.";
        Assert.Equal(IPAddress.Parse("2001:db8::6"), DnsResolver.ReverseToAddress(v6));
    }

    [Fact]
    public void Service_ttl_exact_beats_longest_prefix_beats_star()
    {
        var options = new DnsOptions
        {
            ServiceTtl = new Dictionary<string, TimeSpan>
            {
                ["*"] = TimeSpan.FromSeconds(1),
                ["db*"] = TimeSpan.FromSeconds(2),
                ["db-main*"] = TimeSpan.FromSeconds(3),
                ["db-main-1"] = TimeSpan.FromSeconds(4),
            },
        };
        var r = new DnsResolver(options, () => null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Equal(4u, r.ServiceTtl("db-main-1"));
        Assert.Equal(3u, r.ServiceTtl("db-main-2"));
        Assert.Equal(2u, r.ServiceTtl("dbx"));
        Assert.Equal(1u, r.ServiceTtl("web"));
    }
}
