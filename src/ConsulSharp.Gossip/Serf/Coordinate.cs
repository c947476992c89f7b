namespace ConsulSharp.Gossip.Serf;

/// <summary>
/// Vivaldi network coordinate exactly as serf's <c>coordinate.Coordinate</c> (8 dimensions, error, adjustment, height;
/// all in seconds). Consul serves these from /v1/coordinate and uses them for RTT estimates.
/// </summary>
public sealed record Coordinate(IReadOnlyList<double> Vec, double Error, double Adjustment, double Height)
{
    internal const double ZeroThreshold = 1.0e-6;

    /// <summary>Estimated round-trip time to <paramref name="other"/>.</summary>
    public TimeSpan DistanceTo(Coordinate other)
    {
        var dist = RawDistanceTo(other);
        var adjusted = dist + Adjustment + other.Adjustment;
        if (adjusted > 0.0)
        {
            dist = adjusted;
        }

        return TimeSpan.FromTicks((long)(dist * TimeSpan.TicksPerSecond));
    }

    public bool IsValid => Vec.All(double.IsFinite) && double.IsFinite(Error) && double.IsFinite(Adjustment) && double.IsFinite(Height);

    internal double RawDistanceTo(Coordinate other) => Magnitude(Diff(Vec, other.Vec)) + Height + other.Height;

    internal static double[] Diff(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var r = new double[a.Count];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = a[i] - b[i];
        }

        return r;
    }

    internal static double Magnitude(IReadOnlyList<double> v)
    {
        var sum = 0.0;
        foreach (var x in v)
        {
            sum += x * x;
        }

        return Math.Sqrt(sum);
    }
}
