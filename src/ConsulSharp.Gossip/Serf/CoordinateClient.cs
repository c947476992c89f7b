using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Serf;

/// <summary>
/// Vivaldi coordinate client with serf's defaults (dimensionality 8, error max 1.5, ce = cc = 0.25, adjustment window 20,
/// height min 10 µs, latency filter 3, gravity rho 150). Thread safe.
/// </summary>
internal sealed class CoordinateClient
{
    public const byte PingVersion = 1;
    private const int Dimensionality = 8;
    private const double ErrorMax = 1.5;
    private const double Ce = 0.25;
    private const double Cc = 0.25;
    private const int AdjustmentWindow = 20;
    private const double HeightMin = 10.0e-6;
    private const int LatencyFilterSize = 3;
    private const double GravityRho = 150.0;

    private readonly Lock _gate = new();
    private readonly Coordinate _origin = NewCoordinate();
    private readonly double[] _adjustmentSamples = new double[AdjustmentWindow];
    private readonly Dictionary<string, List<double>> _latencySamples = new(StringComparer.Ordinal);
    private Coordinate _coord = NewCoordinate();
    private int _adjustmentIndex;

    public static Coordinate NewCoordinate() => new(new double[Dimensionality], ErrorMax, 0.0, HeightMin);

    public Coordinate Current
    {
        get
        {
            lock (_gate)
            {
                return _coord;
            }
        }
    }

    /// <summary>Applies one RTT observation to <paramref name="node"/> at <paramref name="other"/>; returns false when rejected.</summary>
    public bool Update(string node, Coordinate other, TimeSpan rtt)
    {
        if (other.Vec.Count != Dimensionality || !other.IsValid || rtt < TimeSpan.Zero || rtt > TimeSpan.FromSeconds(10))
        {
            return false;
        }

        lock (_gate)
        {
            var rttSeconds = LatencyFilter(node, rtt.TotalSeconds);
            UpdateVivaldi(other, rttSeconds);
            UpdateAdjustment(other, rttSeconds);
            _coord = ApplyForce(_coord, -1.0 * Math.Pow(_origin.DistanceTo(_coord).TotalSeconds / GravityRho, 2.0), _origin);
            if (!_coord.IsValid)
            {
                _coord = NewCoordinate();
                return false;
            }

            return true;
        }
    }

    public static byte[] EncodePayload(Coordinate c)
    {
        var w = new MsgWriter(128);
        w.WriteByte(PingVersion);
        w.WriteMapHeader(4);
        w.WriteString("Adjustment");
        w.WriteDouble(c.Adjustment);
        w.WriteString("Error");
        w.WriteDouble(c.Error);
        w.WriteString("Height");
        w.WriteDouble(c.Height);
        w.WriteString("Vec");
        w.WriteArrayHeader(c.Vec.Count);
        foreach (var x in c.Vec)
        {
            w.WriteDouble(x);
        }

        return w.ToArray();
    }

    /// <summary>Decodes an ack payload; null when empty or of another ping version.</summary>
    public static Coordinate? DecodePayload(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2 || payload[0] != PingVersion)
        {
            return null;
        }

        var r = new MsgReader(payload[1..]);
        double error = 0, adjustment = 0, height = 0;
        var vec = new List<double>();
        var n = r.ReadMapHeader();
        for (var i = 0; i < n; i++)
        {
            switch (r.ReadString())
            {
                case "Adjustment": adjustment = r.ReadDouble(); break;
                case "Error": error = r.ReadDouble(); break;
                case "Height": height = r.ReadDouble(); break;
                case "Vec":
                    {
                        var count = r.ReadArrayHeader();
                        for (var j = 0; j < count; j++)
                        {
                            vec.Add(r.ReadDouble());
                        }

                        break;
                    }

                default: r.Skip(); break;
            }
        }

        return new Coordinate(vec, error, adjustment, height);
    }

    private double LatencyFilter(string node, double rttSeconds)
    {
        if (!_latencySamples.TryGetValue(node, out var samples))
        {
            _latencySamples[node] = samples = [];
        }

        samples.Add(rttSeconds);
        if (samples.Count > LatencyFilterSize)
        {
            samples.RemoveAt(0);
        }

        var sorted = samples.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private void UpdateVivaldi(Coordinate other, double rttSeconds)
    {
        var dist = _coord.DistanceTo(other).TotalSeconds;
        rttSeconds = Math.Max(rttSeconds, Coordinate.ZeroThreshold);
        var wrongness = Math.Abs(dist - rttSeconds) / rttSeconds;
        var totalError = Math.Max(_coord.Error + other.Error, Coordinate.ZeroThreshold);
        var weight = _coord.Error / totalError;
        var error = Math.Min((Ce * weight * wrongness) + (_coord.Error * (1.0 - (Ce * weight))), ErrorMax);
        _coord = _coord with { Error = error };
        var force = Cc * weight * (rttSeconds - dist);
        _coord = ApplyForce(_coord, force, other);
    }

    private void UpdateAdjustment(Coordinate other, double rttSeconds)
    {
        _adjustmentSamples[_adjustmentIndex] = rttSeconds - _coord.RawDistanceTo(other);
        _adjustmentIndex = (_adjustmentIndex + 1) % AdjustmentWindow;
        _coord = _coord with { Adjustment = _adjustmentSamples.Sum() / (2.0 * AdjustmentWindow) };
    }

    private static Coordinate ApplyForce(Coordinate c, double force, Coordinate other)
    {
        var (unit, mag) = UnitVectorAt(c.Vec, other.Vec);
        var vec = new double[c.Vec.Count];
        for (var i = 0; i < vec.Length; i++)
        {
            vec[i] = c.Vec[i] + (unit[i] * force);
        }

        var height = c.Height;
        if (mag > Coordinate.ZeroThreshold)
        {
            height = Math.Max(((c.Height + other.Height) * force / mag) + c.Height, HeightMin);
        }

        return c with { Vec = vec, Height = height };
    }

    private static (double[] Unit, double Magnitude) UnitVectorAt(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var r = Coordinate.Diff(a, b);
        var mag = Coordinate.Magnitude(r);
        if (mag > Coordinate.ZeroThreshold)
        {
            return ([.. r.Select(x => x / mag)], mag);
        }

        for (var i = 0; i < r.Length; i++)
        {
            r[i] = Random.Shared.NextDouble() - 0.5;
        }

        mag = Coordinate.Magnitude(r);
        if (mag > Coordinate.ZeroThreshold)
        {
            return ([.. r.Select(x => x / mag)], 0.0);
        }

        var unit = new double[r.Length];
        unit[0] = 1.0;
        return (unit, 0.0);
    }
}
