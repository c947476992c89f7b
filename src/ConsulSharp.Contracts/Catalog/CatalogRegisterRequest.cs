using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>The body of <c>PUT /v1/catalog/register</c> (Consul <c>RegisterRequest</c>), decoded strictly.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CatalogRegisterRequest
{
    public string? Datacenter { get; init; }

    public string? ID { get; init; }

    public string? Node { get; init; }

    public string? Address { get; init; }

    public Dictionary<string, string>? TaggedAddresses { get; init; }

    public Dictionary<string, string>? NodeMeta { get; init; }

    public RegisterServiceDto? Service { get; init; }

    public RegisterCheckDto? Check { get; init; }

    public List<RegisterCheckDto>? Checks { get; init; }

    public bool SkipNodeUpdate { get; init; }

    public JsonElement? Locality { get; init; }

    public string? PeerName { get; init; }

    public string? Token { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }
}
