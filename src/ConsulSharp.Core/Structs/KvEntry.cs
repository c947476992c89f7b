namespace ConsulSharp.Core.Structs;

/// <summary>A KV entry (Consul <c>structs.DirEntry</c>). Keys are case-sensitive; Session is "" when unlocked.</summary>
public sealed record KvEntry
{
    public required string Key { get; init; }

    public ulong Flags { get; init; }

    /// <summary>The raw value; null and empty are both stored (Consul keeps nil for a key created without a body).</summary>
    public byte[]? Value { get; init; }

    public string Session { get; init; } = "";

    public ulong LockIndex { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    /// <summary>Same content including indexes (Consul <c>DirEntry.Equal</c>).</summary>
    public bool IsSame(KvEntry other) =>
        Key == other.Key && Flags == other.Flags && StructEquality.Same(Value, other.Value) && Session == other.Session
        && LockIndex == other.LockIndex && CreateIndex == other.CreateIndex && ModifyIndex == other.ModifyIndex;
}
