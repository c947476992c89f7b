using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

/// <summary>
/// A service instance with its node and every check that bears on it: the node-level checks first, then the instance's
/// own checks, each in check-id order (Consul <c>CheckServiceNode</c>).
/// </summary>
public sealed record CheckServiceNode(Node Node, ServiceInstance Service, IReadOnlyList<HealthCheck> Checks);
