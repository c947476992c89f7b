using System.Threading.Channels;

namespace ConsulSharp.Raft.Transport;

/// <summary>In-process transport twin: ordered per receiver, asynchronous delivery.</summary>
public sealed class InMemoryTransport : IRaftTransport
{
    private readonly InMemoryNetwork _network;
    private readonly Channel<(RaftMessage Message, string From)> _inbox = Channel.CreateUnbounded<(RaftMessage, string)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private IRaftMessageHandler? _handler;
    private Task? _pump;

    internal InMemoryTransport(InMemoryNetwork network, string address)
    {
        _network = network;
        LocalAddress = address;
    }

    public string LocalAddress { get; }

    public void Start(IRaftMessageHandler handler)
    {
        _handler = handler;
        _pump = Task.Run(PumpAsync);
    }

    public void Send(string address, RaftMessage message)
    {
        if (_network.Route(LocalAddress, address) is { } target)
        {
            target._inbox.Writer.TryWrite((message, LocalAddress));
        }
    }

    public async Task SendSnapshotAsync(string address, RaftMessage header, Stream data, CancellationToken cancellationToken)
    {
        var target = _network.Route(LocalAddress, address) ?? throw new IOException($"no route to {address}");
        var handler = target._handler ?? throw new IOException($"{address} is not started");
        var copy = new MemoryStream();
        await data.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        await handler.ReceiveSnapshotAsync(header, copy, LocalAddress, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _network.Remove(LocalAddress);
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            await _pump;
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var (m, from) in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                _handler!.OnMessage(m, from);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
