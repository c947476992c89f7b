namespace ConsulSharp.Core.Tests.Filter;

public sealed record SampleAddress(string Address, int Port);
