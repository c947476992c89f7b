namespace ConsulSharp.Contracts.Session;

/// <summary>A session as the session endpoints return it. <c>LockDelay</c> is integer nanoseconds.</summary>
public sealed record SessionEntry
{
    public required string ID { get; init; }

    public string Name { get; init; } = "";

    public required string Node { get; init; }

    public long LockDelay { get; init; }

    public string Behavior { get; init; } = "release";

    public string TTL { get; init; } = "";

    public List<string>? NodeChecks { get; init; }

    public List<ServiceCheckRef>? ServiceChecks { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
