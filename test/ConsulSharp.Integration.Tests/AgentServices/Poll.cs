namespace ConsulSharp.Integration.Tests.AgentServices;

/// <summary>Waits for an observable outcome of real background work (check loops, anti-entropy), naming what timed out.</summary>
internal static class Poll
{
    public static async Task UntilAsync(string what, Func<Task<bool>> condition, double seconds = 10)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"timed out waiting for: {what}");
    }

    public static Task UntilAsync(string what, Func<bool> condition, double seconds = 10) =>
        UntilAsync(what, () => Task.FromResult(condition()), seconds);
}
