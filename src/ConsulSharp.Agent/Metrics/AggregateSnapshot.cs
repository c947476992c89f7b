namespace ConsulSharp.Agent.Metrics;

public readonly record struct AggregateSnapshot(long Count, double Sum, double Min, double Max, double Mean, double Stddev);
