using ConsulSharp.Raft;
using ConsulSharp.Raft.Storage;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Node;

/// <summary>Real <see cref="RaftNode"/>s over the in-memory transport, with in-memory storage.</summary>
internal sealed class InMemoryCluster : IAsyncDisposable
{
    public InMemoryNetwork Network { get; } = new();

    public List<(RaftNode Node, TestStateMachine Fsm, RaftStorage Storage)> Members { get; } = [];

    public Func<string, RaftOptions> Options { get; init; } = RaftOptions.Local;

    public static async Task<InMemoryCluster> StartAsync(int voters, Func<string, RaftOptions>? options = null)
    {
        var c = new InMemoryCluster { Options = options ?? RaftOptions.Local };
        for (var i = 0; i < voters; i++)
        {
            await c.AddNodeAsync("n" + i);
        }

        var config = new RaftConfiguration(c.Members.Select(m => new RaftServer(m.Node.Id, m.Node.Address)));
        foreach (var m in c.Members)
        {
            Assert.True(await m.Node.BootstrapAsync(config, TestContext.Current.CancellationToken));
        }

        return c;
    }

    public async Task<RaftNode> AddNodeAsync(string id, RaftStorage? storage = null)
    {
        var fsm = new TestStateMachine();
        storage ??= RaftStorage.InMemory();
        var node = new RaftNode(Options(id), storage, Network.CreateTransport(id), fsm);
        await node.StartAsync(TestContext.Current.CancellationToken);
        Members.Add((node, fsm, storage));
        return node;
    }

    public RaftNode Node(string id) => Members.Single(m => m.Node.Id == id).Node;

    public TestStateMachine Fsm(string id) => Members.Single(m => m.Node.Id == id).Fsm;

    public Task<RaftNode> LeaderAsync(string phase = "a leader") =>
        Eventually.ValueAsync(() => Members.Select(m => m.Node).FirstOrDefault(n => n.IsLeader), phase);

    public async Task StopAsync(string id)
    {
        var m = Members.Single(x => x.Node.Id == id);
        Members.Remove(m);
        await m.Node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var m in Members)
        {
            await m.Node.DisposeAsync();
        }
    }
}
