namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>What <c>consul lock</c> needs of a lock or a semaphore (Go's lockFn/unlockFn/cleanupFn).</summary>
internal interface ILockHandle : IDisposable
{
    /// <summary>Blocks until held; returns a token cancelled when the hold is lost, or null on shutdown/timeout.</summary>
    Task<CancellationToken?> AcquireAsync(CancellationToken stop);

    Task ReleaseAsync(CancellationToken ct);

    /// <summary>Deletes the lock key if nobody uses it; false when it is still in use.</summary>
    Task<bool> CleanupAsync(CancellationToken ct);
}
