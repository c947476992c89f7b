using System.Diagnostics;

namespace ConsulSharp.Gossip.Tests.Support;

/// <summary>Polls a condition against real processes (oracle tests only) until it holds or the named phase times out.</summary>
internal static class Eventually
{
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string phase, Func<string>? diagnostics = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return watch.Elapsed;
            }

            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#}s waiting for: {phase}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public static Task<TimeSpan> WaitAsync(Func<bool> condition, TimeSpan timeout, string phase, Func<string>? diagnostics = null) =>
        WaitAsync(() => Task.FromResult(condition()), timeout, phase, diagnostics);
}
