using System.Text.Json.Serialization;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// A prepared query as Consul's <c>structs.PreparedQuery</c>: the state row (<see cref="Core.Structs.PreparedQuery"/>)
/// indexes ID, Name, Session and Token and carries the rest of this record serialized in its Definition blob.
/// </summary>
public sealed record QueryDefinition
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string Session { get; init; } = "";

    public string Token { get; init; } = "";

    public QueryTemplateOptions Template { get; init; } = new();

    public ServiceQuery Service { get; init; } = new();

    public QueryDnsOptions Dns { get; init; } = new();

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }

    /// <summary>True when <see cref="QueryTemplateOptions.Type"/> is set (Consul <c>IsTemplate</c>).</summary>
    [JsonIgnore]
    public bool IsTemplate => Template.Type.Length > 0;
}
