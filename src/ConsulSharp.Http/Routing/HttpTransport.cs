using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Routing;

/// <summary>Socket transport and hosting settings of the HTTP API listener.</summary>
public static class HttpTransport
{
    /// <summary>
    /// Runs Kestrel's pipe continuations on the thread that completed them instead of hopping through its IO queues:
    /// a response is handed to the socket by the thread that wrote it, so when one write wakes 10,000 blocking queries
    /// each response leaves as soon as it is written and its buffer is reused by the next one (no queue of 10,000
    /// written-but-unsent responses, each holding a freshly allocated 4 KiB block). Socket completions still arrive on
    /// thread-pool threads (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS stays unset), so no request code runs on the
    /// epoll thread. Also turns ASP.NET Core's per-request hosting diagnostics off: with that logger enabled at any
    /// level, every request carried an <c>Activity</c> and a log scope (alive for the whole of a blocking query), and
    /// the agent logs its own request lines (<c>agent.http</c>). Measured in docs/benchmarks.md ("session 4: watch
    /// fan-out").
    /// </summary>
    public static void Configure(IServiceCollection services)
    {
        services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = true);
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None));
    }
}
