namespace ConsulSharp.Agent.Checks;

/// <summary>A running check. Each runner owns one loop, so a check never overlaps itself and checks never block each other.</summary>
internal abstract class CheckRunner(CheckContext context) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    protected CheckContext Context { get; } = context;

    protected CancellationToken Stopping => _stop.Token;

    public void Start() => _loop = Task.Run(() => RunGuardedAsync(_stop.Token), CancellationToken.None);

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await ReleaseResourcesAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    protected virtual ValueTask ReleaseResourcesAsync() => ValueTask.CompletedTask;

    private async Task RunGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
