namespace ConsulSharp.Contracts.Coordinates;

/// <summary>One datacenter of <c>/v1/coordinate/datacenters</c> (Consul <c>structs.DatacenterMap</c>).</summary>
public sealed record DatacenterMap
{
    public required string Datacenter { get; init; }

    public string AreaID { get; init; } = "wan";

    public required List<CoordinateEntry> Coordinates { get; init; }
}
