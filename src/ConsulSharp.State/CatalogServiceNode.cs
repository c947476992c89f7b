using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

/// <summary>A service instance joined with its node (Consul <c>ServiceNode</c> as the catalog serves it).</summary>
public sealed record CatalogServiceNode(Node Node, ServiceInstance Service);
