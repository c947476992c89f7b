using ConsulSharp.Acl;

namespace ConsulSharp.Dns.Tests.Acl;

/// <summary><see cref="DnsAcl"/>: a resolution that is not at hand (a client agent asking its servers) is handed back
/// as pending and taken once it completes; failures become SERVFAIL.</summary>
public sealed class DnsAclUnitTests
{
    [Fact]
    public void Pending_resolution_is_waited_for_then_taken()
    {
        var auth = new SlowAuthorizer();
        var acl = new DnsAcl(auth, CancellationToken.None);
        var first = acl.Current();
        Assert.Equal(DnsReadStatus.Pending, first.Status);
        Assert.Same(first.Pending, acl.Current().Pending); // a second question shares the resolution
        Assert.Equal(1, auth.Calls);

        auth.Next.SetResult(Authorizers.AllowAll);
        var done = acl.Current();
        Assert.Equal(DnsReadStatus.Ok, done.Status);
        Assert.Same(Authorizers.AllowAll, done.Value);
        Assert.Equal(1, auth.Calls);
    }

    [Fact]
    public void Failed_resolution_is_servfail()
    {
        var auth = new SlowAuthorizer();
        var acl = new DnsAcl(auth, CancellationToken.None);
        Assert.Equal(DnsReadStatus.Pending, acl.Current().Status);
        auth.Next.SetException(new InvalidOperationException("ACL not found"));
        Assert.Equal(DnsReadStatus.Failed, acl.Current().Status);

        auth.Throw = true;
        Assert.Equal(DnsReadStatus.Failed, acl.Current().Status);
    }

    private sealed class SlowAuthorizer : IDnsAuthorizer
    {
        public TaskCompletionSource<IAuthorizer> Next { get; } = new();

        public int Calls { get; private set; }

        public bool Throw { get; set; }

        public bool Enabled => true;

        public string Token => "t";

        public ValueTask<IAuthorizer> ResolveAsync(string token, CancellationToken cancellationToken)
        {
            Calls++;
            return Throw ? ValueTask.FromException<IAuthorizer>(new InvalidOperationException("ACL not found")) : new ValueTask<IAuthorizer>(Next.Task);
        }
    }
}
