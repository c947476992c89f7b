using ConsulSharp.Core;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// The loop of every probing check (script, HTTP, TCP, UDP, gRPC, H2PING, Docker): a random first delay within one
/// interval (Consul staggers checks so they do not fire together), then probe, report, wait one interval. A probe that
/// exceeds its timeout is cancelled and reported critical.
/// </summary>
internal abstract class IntervalCheck(CheckContext context, TimeSpan defaultTimeout) : CheckRunner(context)
{
    protected TimeSpan Timeout => Context.Definition.Timeout > TimeSpan.Zero ? Context.Definition.Timeout : defaultTimeout;

    protected abstract Task<CheckResult> ProbeAsync(CancellationToken cancellationToken);

    protected virtual string TimeoutOutput => $"Timed out ({GoDuration.Format(Timeout)}) running check";

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = Context.Definition.Interval;
        var stagger = TimeSpan.FromTicks(Random.Shared.NextInt64(Math.Max(1, interval.Ticks)));
        await Task.Delay(stagger, Context.Time, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            CheckResult result;
            using (var timeout = new CancellationTokenSource(Timeout, Context.Time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    result = await ProbeAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    result = new CheckResult(HealthStatus.Critical, TimeoutOutput);
                }
            }

            Context.Report(result.Status, result.Output);
            await Task.Delay(interval, Context.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
