namespace ConsulSharp.Integration.Tests.Acl;

/// <summary>One ACL-enabled agent (default deny, initial management token) shared by a test class.</summary>
public sealed class AclManagedFixture : IAsyncLifetime
{
    public AclAgent Acl { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Acl = await AclAgent.StartManagedAsync(CancellationToken.None);

    public async ValueTask DisposeAsync() => await Acl.DisposeAsync();
}
