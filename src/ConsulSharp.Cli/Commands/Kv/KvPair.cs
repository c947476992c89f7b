using System.Text.Json;

namespace ConsulSharp.Cli.Commands.Kv;

/// <summary>A DirEntry as the CLI reads it (Go's <c>api.KVPair</c>).</summary>
internal sealed record KvPair(string Key, ulong CreateIndex, ulong ModifyIndex, ulong LockIndex, ulong Flags, byte[]? Value, string Session)
{
    public static KvPair From(JsonElement e) => new(
        e.GetProperty("Key").GetString() ?? "",
        e.GetProperty("CreateIndex").GetUInt64(),
        e.GetProperty("ModifyIndex").GetUInt64(),
        e.TryGetProperty("LockIndex", out var li) ? li.GetUInt64() : 0,
        e.TryGetProperty("Flags", out var f) ? f.GetUInt64() : 0,
        e.TryGetProperty("Value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetBytesFromBase64() : null,
        e.TryGetProperty("Session", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "");
}
