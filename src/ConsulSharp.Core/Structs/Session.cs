namespace ConsulSharp.Core.Structs;

/// <summary>A session (Consul <c>structs.Session</c>). Ttl is a Go duration string ("" = none).</summary>
public sealed record Session
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public required string Node { get; init; }

    public IReadOnlyList<string> NodeChecks { get; init; } = [];

    /// <summary>Check ids of service checks on <see cref="Node"/> the session is bound to.</summary>
    public IReadOnlyList<string> ServiceChecks { get; init; } = [];

    public TimeSpan LockDelay { get; init; }

    /// <summary><see cref="SessionBehavior.Release"/> (the default when empty) or <see cref="SessionBehavior.Delete"/>.</summary>
    public string Behavior { get; init; } = "";

    public string Ttl { get; init; } = "";

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    /// <summary>Every check the session's health is bound to.</summary>
    public IEnumerable<string> CheckIds() => NodeChecks.Concat(ServiceChecks);
}
