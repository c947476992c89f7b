using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using Microsoft.Extensions.Logging;

/// <summary>A <see cref="SerfPool"/> in the bench process itself.</summary>
internal sealed class InProcessNode : BenchNode
{
    private readonly NodeCounters _counters = new();
    private readonly CancellationTokenSource _stop = new();
    private SerfPool? _pool;
    private Task? _consumer;

    public static async Task<InProcessNode> StartAsync(string name, MemberlistOptions profile, ILoggerFactory? logs)
    {
        var node = new InProcessNode { Name = name };
        node._pool = await SerfPool.StartAsync(NodeHost.Options(name, profile), node._counters.Wrap(logs));
        node.Port = node._pool.LocalEndPoint.Port;
        node._consumer = node._counters.ConsumeAsync(node._pool, node._stop.Token);
        return node;
    }

    public override Task<int> JoinAsync(string seed) => _pool!.JoinAsync([seed]);

    public override Task<MembersReply> MembersAsync() =>
        Task.FromResult(new MembersReply(NodeHost.Statuses(_pool!), _counters.FailedEvents, _counters.Suspicions));

    public override Task LeaveAsync() => _pool!.LeaveAsync();

    public override async Task KillAsync() => await _pool!.DisposeAsync();

    public override (TimeSpan Cpu, long RssBytes)? Sample() => null;

    public override async ValueTask DisposeAsync()
    {
        await _pool!.DisposeAsync();
        await _stop.CancelAsync();
        await _consumer!;
        _stop.Dispose();
    }
}
