using System.Collections.Concurrent;
using System.Diagnostics;

namespace ConsulSharp.Testing.Linearizability;

/// <summary>Records a concurrent history with monotonic timestamps, for <see cref="LinearizabilityChecker"/>.</summary>
public sealed class HistoryRecorder
{
    private readonly ConcurrentQueue<RegisterOp> _ops = new();

    public static long Now => Stopwatch.GetTimestamp();

    public IReadOnlyList<RegisterOp> Operations => [.. _ops];

    /// <summary>Records a finished operation: <paramref name="op"/> with its invoke time; the return time is taken now.</summary>
    public void Completed(RegisterOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        _ops.Enqueue(op with { Return = Now });
    }

    /// <summary>Records an operation whose outcome is unknown (timed out, connection lost, server killed).</summary>
    public void Unknown(RegisterOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        _ops.Enqueue(op with { Return = null });
    }

    public LinearizabilityResult Check() => LinearizabilityChecker.Check(Operations);
}
