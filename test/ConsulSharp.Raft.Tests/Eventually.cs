namespace ConsulSharp.Raft.Tests;

/// <summary>Waits for a condition driven by real background work, failing with the phase name after a deadline.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string phase, int timeoutMs = 10_000)
    {
        var start = Environment.TickCount64;
        while (!condition())
        {
            if (Environment.TickCount64 - start > timeoutMs)
            {
                throw new TimeoutException($"timed out waiting for: {phase}");
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<T?> get, string phase, int timeoutMs = 10_000)
        where T : class
    {
        T? value = null;
        await TrueAsync(() => (value = get()) is not null, phase, timeoutMs);
        return value!;
    }
}
