namespace ConsulSharp.Server.Cluster;

/// <summary>
/// Wakes a membership-driven loop: set by every LAN member change (coalesced: many changes while the loop works
/// make one wake-up), awaited with a timeout so the loop also runs periodically. Unsubscribes on dispose.
/// </summary>
public sealed class MemberChangeSignal : IDisposable
{
    private readonly IClusterMembership _membership;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _changed = new(0, 1);
    private int _disposed;

    public MemberChangeSignal(IClusterMembership membership, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(membership);
        _membership = membership;
        _time = time;
        membership.LanMemberChanged += OnMemberChanged;
    }

    /// <summary>Waits until a member changed (since the last wait) or <paramref name="timeout"/> passed; throws only when <paramref name="cancellationToken"/> fires.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _changed.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _membership.LanMemberChanged -= OnMemberChanged;
        _changed.Dispose();
    }

    private void OnMemberChanged(ClusterMember member)
    {
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
        }
    }
}
