namespace ConsulSharp.Contracts.Event;

/// <summary>A user event as <c>/v1/event/fire</c> answers it and <c>/v1/event/list</c> lists it (Payload base64, or null).</summary>
public sealed record UserEventDto
{
    public required string ID { get; init; }

    public required string Name { get; init; }

    public byte[]? Payload { get; init; }

    public string NodeFilter { get; init; } = "";

    public string ServiceFilter { get; init; } = "";

    public string TagFilter { get; init; } = "";

    public int Version { get; init; }

    public ulong LTime { get; init; }
}
