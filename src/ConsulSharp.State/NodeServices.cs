using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

/// <summary>A node and the services registered on it (Consul <c>NodeServices</c>).</summary>
public sealed record NodeServices(Node Node, IReadOnlyList<ServiceInstance> Services);
