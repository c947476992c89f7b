using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

/// <summary>A node with all its services and checks (Consul <c>NodeInfo</c>, as /v1/internal/ui/nodes serves it).</summary>
public sealed record NodeInfo(Node Node, IReadOnlyList<ServiceInstance> Services, IReadOnlyList<HealthCheck> Checks);
