using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsulSharp.Contracts.Catalog;

/// <summary>The <c>Service</c> of a catalog register body (Consul <c>NodeService</c>), decoded strictly.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterServiceDto
{
    public string? Kind { get; init; }

    public string? ID { get; init; }

    public string? Service { get; init; }

    public List<string>? Tags { get; init; }

    public string? Address { get; init; }

    public Dictionary<string, ServiceAddressEntry>? TaggedAddresses { get; init; }

    public Dictionary<string, string>? Meta { get; init; }

    public int Port { get; init; }

    public string? SocketPath { get; init; }

    public WeightsEntry? Weights { get; init; }

    public bool EnableTagOverride { get; init; }

    public JsonElement? Proxy { get; init; }

    public JsonElement? Connect { get; init; }

    public JsonElement? Locality { get; init; }

    public bool LocallyRegisteredAsSidecar { get; init; }

    public string? PeerName { get; init; }

    public string? Namespace { get; init; }

    public string? Partition { get; init; }

    public ulong CreateIndex { get; init; }

    public ulong ModifyIndex { get; init; }
}
