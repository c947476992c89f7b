using System.Globalization;
using System.Text;

/// <summary>One measured run (seconds; null = not measured or timed out). Same columns as serf-baseline.sh.</summary>
internal sealed record RunResult(int N, int Rep)
{
    public double? ConvergeS { get; set; }

    public double? FailFirstS { get; set; }

    public double? FailAllS { get; set; }

    public double? LeaveAllS { get; set; }

    public double? LeaveReturnsS { get; set; }

    public double? CpuPctMean { get; set; }

    public double? CpuPctMax { get; set; }

    public double? RssMibMean { get; set; }

    public double? RssMibMax { get; set; }

    /// <summary>Member-failed events / suspicions seen by any node before the kill (idle or hog window): false alarms.</summary>
    public int FalseFailures { get; set; }

    public int FalseSuspicions { get; set; }

    public override string ToString() => string.Join(' ', new (string, object?)[]
    {
        ("n", N), ("rep", Rep), ("converge_s", ConvergeS), ("fail_first_s", FailFirstS), ("fail_all_s", FailAllS),
        ("leave_all_s", LeaveAllS), ("leave_returns_s", LeaveReturnsS), ("cpu_pct_mean", CpuPctMean), ("cpu_pct_max", CpuPctMax),
        ("rss_mib_mean", RssMibMean), ("rss_mib_max", RssMibMax), ("false_failures", FalseFailures), ("false_suspicions", FalseSuspicions),
    }.Select(kv => $"{kv.Item1}={Fmt(kv.Item2 as double? ?? (kv.Item2 is int i ? i : null), kv.Item2 is int ? "0" : "0.000")}"));

    public static string Table(IReadOnlyList<RunResult> results, IEnumerable<int> sizes)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| N | runs | converge s (median / max) | fail first s (median) | fail all s (median / max) | leave all s (median / max) | leave returns s | idle CPU % per node (mean / max) | RSS MiB per node (mean / max) | false failures / suspicions |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var rs = results.Where(r => r.N == n).ToList();
            string Med(Func<RunResult, double?> f) => Fmt(Median(rs.Select(f)), "0.000");
            string Max(Func<RunResult, double?> f) => Fmt(rs.Select(f).Where(v => v is not null).Max(), "0.000");
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {n} | {rs.Count} | {Med(r => r.ConvergeS)} / {Max(r => r.ConvergeS)} | {Med(r => r.FailFirstS)} | {Med(r => r.FailAllS)} / {Max(r => r.FailAllS)} | {Med(r => r.LeaveAllS)} / {Max(r => r.LeaveAllS)} | {Med(r => r.LeaveReturnsS)} | {Med(r => r.CpuPctMean)} / {Max(r => r.CpuPctMax)} | {Med(r => r.RssMibMean)} / {Max(r => r.RssMibMax)} | {rs.Sum(r => r.FalseFailures)} / {rs.Sum(r => r.FalseSuspicions)} |");
        }

        return sb.ToString();
    }

    private static double? Median(IEnumerable<double?> values)
    {
        var s = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();
        return s.Count == 0 ? null : s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    private static string Fmt(double? v, string format) => v is null ? "-" : v.Value.ToString(format, CultureInfo.InvariantCulture);
}
