using System.Text.Json;

namespace ConsulSharp.Contracts.Session;

/// <summary>
/// The body of <c>/v1/session/create</c>. Decoded permissively like Consul's (unknown fields ignored); <c>LockDelay</c>
/// may be a Go duration string or a number (nanoseconds, or seconds when below 1000).
/// </summary>
public sealed record SessionCreateRequest
{
    public string? Name { get; init; }

    public string? Node { get; init; }

    public JsonElement? LockDelay { get; init; }

    public string? Behavior { get; init; }

    public string? TTL { get; init; }

    public List<string>? NodeChecks { get; init; }

    public List<ServiceCheckRef>? ServiceChecks { get; init; }

    public List<string>? Checks { get; init; }
}
