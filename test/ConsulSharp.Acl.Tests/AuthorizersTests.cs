using ConsulSharp.Acl;

namespace ConsulSharp.Acl.Tests;

public sealed class AuthorizersTests
{
    [Fact]
    public void AllowAll_allows_and_DenyAll_denies_every_resource()
    {
        Assert.True(Authorizers.AllowAll.KeyWrite("a"));
        Assert.True(Authorizers.AllowAll.AclWrite());
        Assert.True(Authorizers.AllowAll.ServiceReadAll());
        Assert.False(Authorizers.DenyAll.KeyRead("a"));
        Assert.False(Authorizers.DenyAll.OperatorRead());
        Assert.False(Authorizers.DenyAll.NodeReadAll());
    }
}
