using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>The body of <c>PUT /v1/catalog/deregister</c> (Consul <c>DeregisterRequest</c>), decoded strictly.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CatalogDeregisterRequest
{
    public string? Datacenter { get; init; }

    public string? Node { get; init; }

    public string? Address { get; init; }

    public string? ServiceID { get; init; }

    public string? CheckID { get; init; }

    public string? PeerName { get; init; }

    public string? Token { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }
}
