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
}
