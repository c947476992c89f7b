using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Kv;

/// <summary>A KV entry as <c>/v1/kv</c> returns it; <c>Value</c> is base64 (null when nil).</summary>
public sealed record DirEntry
{
    public ulong LockIndex { get; init; }

    public required string Key { get; init; }

    public ulong Flags { get; init; }

    public byte[]? Value { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Session { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
