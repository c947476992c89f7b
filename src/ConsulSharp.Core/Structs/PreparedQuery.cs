namespace ConsulSharp.Core.Structs;

/// <summary>
/// A prepared query row. The state store indexes Id, Name and Session; the rest of the definition is carried as an opaque
/// serialized blob owned by the prepared-query subsystem. A query bound to a session is deleted with the session.
/// </summary>
public sealed record PreparedQuery
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    public string Session { get; init; } = "";

    public string Token { get; init; } = "";

    public byte[] Definition { get; init; } = [];

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
