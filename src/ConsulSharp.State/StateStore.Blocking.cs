namespace ConsulSharp.State;

public sealed partial class StateStore
{
    /// <summary>
    /// Consul's blocking query loop: runs <paramref name="query"/> on the current version; when
    /// <paramref name="minIndex"/> is 0 or the result's index is above it, returns at once; otherwise waits on what the
    /// query read and runs it again, until the index moves past <paramref name="minIndex"/> or
    /// <paramref name="cancellationToken"/> fires (the caller links its <c>wait</c> timeout in), when it returns the
    /// latest result. The returned index is at least 1, as Consul guarantees.
    /// </summary>
    public async Task<QueryResult<T>> BlockingQueryAsync<T>(
        ulong minIndex,
        Func<StateSnapshot, WatchSet, QueryResult<T>> query,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = Current;
            var ws = new WatchSet(snapshot);
            var result = query(snapshot, ws);
            if (result.Index < 1)
            {
                result = result with { Index = 1 };
            }

            if (minIndex == 0 || result.Index > minIndex || cancellationToken.IsCancellationRequested)
            {
                return result;
            }

            await WaitAsync(ws, cancellationToken).ConfigureAwait(false);
        }
    }
}
