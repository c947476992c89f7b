namespace ConsulSharp.Agent.Config;

/// <summary>One entry of a service's <c>tagged_addresses</c>.</summary>
public sealed record ServiceAddress(string Address, int Port);
