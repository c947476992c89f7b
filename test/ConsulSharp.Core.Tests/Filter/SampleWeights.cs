namespace ConsulSharp.Core.Tests.Filter;

public sealed record SampleWeights(int Passing, int Warning);
