namespace ConsulSharp.EndToEnd.Tests.Faults;

/// <summary>The tests that share one <see cref="DurableClusterFixture"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DurableClusterCollection : ICollectionFixture<DurableClusterFixture>
{
    public const string Name = "durable process cluster";
}
