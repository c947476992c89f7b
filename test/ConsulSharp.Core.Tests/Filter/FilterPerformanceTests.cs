using System.Diagnostics;
using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public sealed class FilterPerformanceTests
{
    private readonly ITestOutputHelper _output;

    public FilterPerformanceTests(ITestOutputHelper output) => _output = output;

    // Smoke test, not a timing assertion: filters 10,000 catalog-like entries with a realistic expression and checks
    // the result against a hand-written predicate.
    [Fact]
    public void Filters_ten_thousand_entries()
    {
        var nodes = new List<SampleNode>(10_000);
        for (var i = 0; i < 10_000; i++)
        {
            nodes.Add(SampleSchemas.Web1 with
            {
                Node = "node-" + i,
                ServicePort = 8000 + (i % 100),
                ServiceTags = i % 3 == 0 ? ["v1", "primary"] : ["v2"],
                ServiceMeta = new() { ["version"] = (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Checks = [new SampleCheck("node-" + i, "c", "c", i % 7 == 0 ? "critical" : "passing", "web")],
            });
        }

        var plain = SampleSchemas.Node.Compile("\"v1\" in ServiceTags and ServiceMeta.version != \"0\" and not Checks.Status == critical");
        plain.Apply(nodes);
        var plainWatch = Stopwatch.StartNew();
        var plainKept = plain.Apply(nodes);
        _output.WriteLine($"10k evaluations without regex {plainWatch.Elapsed.TotalMilliseconds:F2} ms, kept {plainKept.Count}");

        var expression = "\"v1\" in ServiceTags and ServiceMeta.version != \"0\" and not Checks.Status == critical and Node matches \"-[0-9]*7$\"";
        var watch = Stopwatch.StartNew();
        var filter = SampleSchemas.Node.Compile(expression);
        var compiled = watch.Elapsed;
        for (var i = 0; i < 200; i++)
        {
            Filter<SampleNode>.Compile(expression, SampleSchemas.Node);
        }

        var again = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Filter<SampleNode>.Compile(expression, SampleSchemas.Node);
        }

        again.Stop();
        _output.WriteLine($"uncached warm compile {again.Elapsed.TotalMilliseconds / 100:F3} ms");
        watch = Stopwatch.StartNew();
        List<SampleNode> kept = [];
        for (var round = 0; round < 10; round++)
        {
            kept = filter.Apply(nodes);
        }

        watch.Stop();
        _output.WriteLine($"compile {compiled.TotalMilliseconds:F2} ms; 10 x 10k evaluations {watch.Elapsed.TotalMilliseconds:F1} ms");

        var expected = nodes.Where(n =>
            n.ServiceTags!.Contains("v1") &&
            n.ServiceMeta!["version"] != "0" &&
            !n.Checks!.Any(c => c.Status == "critical") &&
            System.Text.RegularExpressions.Regex.IsMatch(n.Node, "-[0-9]*7$")).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, kept);
    }
}
