namespace ConsulSharp.Contracts.Agent;

public sealed record PointValue(string Name, double[] Points);
