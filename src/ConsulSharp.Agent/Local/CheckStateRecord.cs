using System.Text.Json.Serialization;

namespace ConsulSharp.Agent.Local;

/// <summary>One TTL check's persisted status (<c>&lt;data-dir&gt;/checks/state/&lt;sha256(id)&gt;</c>).</summary>
internal sealed record CheckStateRecord(
    [property: JsonPropertyName("CheckID")] string CheckId,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("Output")] string Output,
    [property: JsonPropertyName("Expires")] long Expires);
