using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Endpoints;

/// <summary>A node with its services and its checks (Consul <c>NodeInfo</c>, the UI's node view).</summary>
public sealed record NodeInfo(Node Node, IReadOnlyList<ServiceInstance> Services, IReadOnlyList<HealthCheck> Checks);
