namespace ConsulSharp.Agent.Membership;

/// <summary>
/// A Consul user event (<c>consul event</c>, <c>/v1/event/fire</c>) as the agent keeps it. It travels as a serf user
/// event named <c>consul:event:&lt;name&gt;</c> whose payload is this record in Consul's msgpack encoding
/// (<see cref="UserEventCodec"/>); <see cref="LTime"/> is the serf Lamport time and is not encoded.
/// </summary>
public sealed record ConsulUserEvent
{
    /// <summary>The highest event version Consul understands.</summary>
    public const int MaxVersion = 1;

    public required string Id { get; init; }

    public required string Name { get; init; }

    public byte[]? Payload { get; init; }

    public string NodeFilter { get; init; } = "";

    public string ServiceFilter { get; init; } = "";

    public string TagFilter { get; init; } = "";

    public int Version { get; init; } = MaxVersion;

    public ulong LTime { get; init; }

    /// <summary>Consul's blocking index for an event list ending with this event: the UUID's two 64-bit halves XORed.</summary>
    public ulong Index()
    {
        var hex = Id.Replace("-", "", StringComparison.Ordinal);
        if (hex.Length != 32
            || !ulong.TryParse(hex.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var low)
            || !ulong.TryParse(hex.AsSpan(16, 16), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var high))
        {
            return 1;
        }

        return low ^ high;
    }
}
