using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// TTL check: the application reports its status (pass/warn/fail/update); when no report arrives within the TTL the
/// check turns critical with <c>TTL expired (last output before timeout follows): &lt;output&gt;</c>.
/// </summary>
internal sealed class TtlCheck(CheckContext context) : CheckRunner(context)
{
    private readonly Lock _gate = new();
    private string _lastOutput = "";
    private ITimer? _timer;

    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _timer = Context.Time.CreateTimer(_ => Expire(), null, Context.Definition.Ttl, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public TimeSpan Ttl => Context.Definition.Ttl;

    /// <summary>Records a status from the API and re-arms the TTL. Returns the (truncated) output stored.</summary>
    public string SetStatus(string status, string output)
    {
        output = CheckOutput.TruncateHead(output, Context.MaxOutput);
        lock (_gate)
        {
            _lastOutput = output;
            _timer?.Change(Context.Definition.Ttl, Timeout.InfiniteTimeSpan);
        }

        Context.Report(status, output);
        return output;
    }

    private void Expire()
    {
        if (Stopping.IsCancellationRequested)
        {
            return;
        }

        string last;
        lock (_gate)
        {
            last = _lastOutput;
        }

        Context.Report(HealthStatus.Critical, "TTL expired (last output before timeout follows): " + last);
    }

    protected override async ValueTask ReleaseResourcesAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
