namespace ConsulSharp.Core.Structs;

/// <summary>One entry of a service's tagged addresses (Consul <c>structs.ServiceAddress</c>).</summary>
public sealed record ServiceAddress(string Address, int Port);
