namespace ConsulSharp.Integration.Tests.AclEnforcement;

/// <summary>The enforcement test classes share one ACL-enabled agent.</summary>
[CollectionDefinition(Name)]
public sealed class AclEnforcementCollection : ICollectionFixture<AclAgentFixture>
{
    public const string Name = "acl-enforcement";
}
