using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// Consul's <c>StatusHandler</c>: a check only turns passing after <c>SuccessBeforePassing</c> consecutive successes,
/// warning after <c>FailuresBeforeWarning</c> and critical after <c>FailuresBeforeCritical</c> consecutive failures.
/// Called from one check's loop only, so the counters need no lock.
/// </summary>
internal sealed class StatusHandler(int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical, Action<string, string> update)
{
    private int _successes;
    private int _failures;

    public void Report(string status, string output)
    {
        if (status == HealthStatus.Passing)
        {
            _failures = 0;
            _successes++;
            if (_successes >= successBeforePassing)
            {
                update(status, output);
            }

            return;
        }

        _successes = 0;
        _failures++;
        if (_failures >= failuresBeforeCritical)
        {
            update(status, output);
        }
        else if (_failures >= failuresBeforeWarning)
        {
            update(HealthStatus.Warning, output);
        }
    }
}
