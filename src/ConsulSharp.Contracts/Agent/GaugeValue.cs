namespace ConsulSharp.Contracts.Agent;

public sealed record GaugeValue(string Name, double Value, Dictionary<string, string> Labels);
