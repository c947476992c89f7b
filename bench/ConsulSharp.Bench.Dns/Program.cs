using System.Diagnostics;
using System.Globalization;
using System.Net;
using ConsulSharp.Dns;
using Makaretu.Dns;
using Microsoft.Extensions.Logging.Abstractions;

// Encodes the same SRV answer (question, 3 SRV answers, 3 A + OPT additional) and parses the same query with the
// hand-written codec and with Makaretu.Dns 2.0.1; prints ns/op and allocated bytes/op. Usage: dotnet run -c Release
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var options = new DnsOptions();
var writer = new DnsResponseWriter(options, NullLogger.Instance);
var buffer = new byte[65535];
var query = new Message { Id = 7, RD = true };
query.Questions.Add(new Question { Name = "web.service.consul", Type = DnsType.SRV, Class = DnsClass.IN });
var queryBytes = query.ToByteArray();
DnsRequest.TryParse(queryBytes, out var request);
IPAddress[] addresses = [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3")];

int Hand()
{
    DnsRequest.TryParse(queryBytes, out var req);
    var answer = new DnsAnswer();
    for (var i = 0; i < 3; i++)
    {
        var target = "n" + i + ".node.dc1.consul.";
        answer.Answers.Add(DnsRecord.ForSrv(req.Name, 1, 1, (ushort)(8080 + i), target, 0));
        answer.Additional.Add(DnsRecord.ForAddress(target, addresses[i], 0));
    }

    return writer.Write(req, answer, tcp: false, recursionAvailable: false, buffer);
}

int Library()
{
    var req = new Message();
    req.Read(queryBytes, 0, queryBytes.Length);
    var resp = req.CreateResponse();
    resp.AA = true;
    for (var i = 0; i < 3; i++)
    {
        var target = "n" + i + ".node.dc1.consul";
        resp.Answers.Add(new SRVRecord { Name = req.Questions[0].Name, Priority = 1, Weight = 1, Port = (ushort)(8080 + i), Target = target, TTL = TimeSpan.Zero });
        resp.AdditionalRecords.Add(new ARecord { Name = target, Address = addresses[i], TTL = TimeSpan.Zero });
    }

    return resp.ToByteArray().Length;
}

void Measure(string name, Func<int> op)
{
    for (var i = 0; i < iterations / 10; i++)
    {
        op();
    }

    GC.Collect();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var sw = Stopwatch.StartNew();
    var size = 0;
    for (var i = 0; i < iterations; i++)
    {
        size = op();
    }

    sw.Stop();
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)iterations;
    Console.WriteLine($"{name,-28} {sw.Elapsed.TotalNanoseconds / iterations,8:F0} ns/op {bytes,8:F0} B/op  reply {size} bytes");
}

Console.WriteLine($"{iterations} iterations, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
for (var round = 0; round < 3; round++)
{
    Measure("hand-written parse+encode", Hand);
    Measure("Makaretu.Dns parse+encode", Library);
}
