using System.Globalization;
using System.Net;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;

/// <summary>
/// Child-process side of <c>--node NAME</c>: one <see cref="SerfPool"/> on 127.0.0.1 (free port), driven by lines on
/// stdin (<c>join ADDR</c>, <c>members</c>, <c>leave</c>), one reply line each on stdout. Prints <c>port N</c> first.
/// </summary>
internal static class NodeHost
{
    public static SerfOptions Options(string name, MemberlistOptions profile) =>
        new() { NodeName = name, BindAddress = IPAddress.Loopback, BindPort = 0, Memberlist = profile, ProtocolVersion = 5 };

    public static Dictionary<string, string> Statuses(SerfPool pool) =>
        pool.Members().ToDictionary(m => m.Name, m => m.Status.ToString().ToLowerInvariant());

    public static async Task<int> RunAsync(string name, MemberlistOptions profile, string? traceFile)
    {
        var counters = new NodeCounters();
        await using var pool = await SerfPool.StartAsync(Options(name, profile), counters.Wrap(traceFile is null ? null : TraceLog.ToFile(traceFile, name)));
        using var stop = new CancellationTokenSource();
        var consumer = counters.ConsumeAsync(pool, stop.Token);
        var stdout = Console.Out;
        await stdout.WriteLineAsync("port " + pool.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture));
        await stdout.FlushAsync();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            string reply;
            try
            {
                if (line.StartsWith("join ", StringComparison.Ordinal))
                {
                    reply = "ok " + (await pool.JoinAsync([line[5..]])).ToString(CultureInfo.InvariantCulture);
                }
                else if (line == "members")
                {
                    reply = new MembersReply(Statuses(pool), counters.FailedEvents, counters.Suspicions).ToLine();
                }
                else if (line == "leave")
                {
                    await pool.LeaveAsync();
                    await stdout.WriteLineAsync("ok");
                    await stdout.FlushAsync();
                    break;
                }
                else
                {
                    reply = "err unknown command";
                }
            }
            catch (InvalidOperationException ex)
            {
                reply = "err " + ex.Message.ReplaceLineEndings(" ");
            }

            await stdout.WriteLineAsync(reply);
            await stdout.FlushAsync();
        }

        await stop.CancelAsync();
        await consumer;
        return 0;
    }
}
