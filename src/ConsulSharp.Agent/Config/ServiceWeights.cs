namespace ConsulSharp.Agent.Config;

/// <summary>DNS SRV weights of a service by health (defaults 1 and 1).</summary>
public sealed record ServiceWeights(int Passing = 1, int Warning = 1);
