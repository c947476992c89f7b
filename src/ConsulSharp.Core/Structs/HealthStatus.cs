namespace ConsulSharp.Core.Structs;

/// <summary>Check status strings exactly as Consul stores and serves them.</summary>
public static class HealthStatus
{
    public const string Any = "any";
    public const string Passing = "passing";
    public const string Warning = "warning";
    public const string Critical = "critical";
    public const string Maintenance = "maintenance";

    public static bool IsValid(string status) =>
        status is Passing or Warning or Critical or Maintenance;

    /// <summary>The worst of some statuses (critical over warning over passing; maintenance counts as critical);
    /// passing when there are none.</summary>
    public static string Worst(IEnumerable<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var worst = Passing;
        foreach (var s in statuses)
        {
            if (s is Critical or Maintenance)
            {
                return Critical;
            }

            if (s == Warning)
            {
                worst = Warning;
            }
        }

        return worst;
    }
}
