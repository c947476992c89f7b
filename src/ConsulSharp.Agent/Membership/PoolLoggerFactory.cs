using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Membership;

/// <summary>
/// Gives the gossip library's loggers Consul's names: <c>agent.server.serf.lan</c>, <c>agent.client.memberlist.lan</c>,
/// <c>agent.server.serf.wan</c>, ... so log lines read as Consul's (<c>agent.server.serf.lan: serf: EventMemberJoin: ...</c>).
/// </summary>
internal sealed class PoolLoggerFactory(ILoggerFactory inner, string role, string pool) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        var area = categoryName.EndsWith(".Serf", StringComparison.Ordinal) ? "serf" : "memberlist";
        return inner.CreateLogger($"agent.{role}.{area}.{pool}");
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The inner factory belongs to the host.
    }
}
