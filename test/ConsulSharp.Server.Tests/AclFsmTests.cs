using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Server.Tests;

public sealed class AclFsmTests
{
    private static ConsulFsm NewFsm() => new(new StateStore(new FakeTimeProvider()), NullLogger.Instance);

    [Fact]
    public void Acl_commands_apply_at_their_index_and_survive_the_json_round_trip()
    {
        var fsm = NewFsm();
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567);
        Assert.Equal(true, fsm.Apply(3, 1, CommandCodec.AclPolicySet(new AclPolicySetCommand { Policies = [new AclPolicy { Id = "p1", Name = "readers", Rules = "acl = \"read\"", Datacenters = ["dc1"], Hash = [1, 2, 3] }] })));
        Assert.Equal(true, fsm.Apply(4, 1, CommandCodec.AclRoleSet(new AclRoleSetCommand { Roles = [new AclRole { Id = "r1", Name = "ops", Policies = ["p1"] }] })));
        Assert.Equal(true, fsm.Apply(5, 1, CommandCodec.AclTokenSet(new AclTokenSetCommand { Tokens = [new AclToken { AccessorId = "a1", SecretId = "s1", Policies = ["p1"], Roles = ["r1"], Local = true, CreateTime = created }] })));

        var s = fsm.State.Current;
        var token = s.AclTokenBySecret("s1").Value!;
        Assert.Equal(["p1"], token.Policies);
        Assert.Equal(["r1"], token.Roles);
        Assert.True(token.Local);
        Assert.Equal(created, token.CreateTime);
        Assert.Equal(5UL, token.CreateIndex);
        var policy = s.AclPolicyByName("readers").Value!;
        Assert.Equal(new byte[] { 1, 2, 3 }, policy.Hash);
        Assert.Equal(["dc1"], policy.Datacenters);
        Assert.Equal(4UL, s.AclRoleById("r1").Value!.ModifyIndex);

        Assert.Equal(true, fsm.Apply(6, 1, CommandCodec.AclTokenDelete(new AclDeleteCommand { Ids = ["a1"] })));
        Assert.Equal(true, fsm.Apply(7, 1, CommandCodec.AclRoleDelete(new AclDeleteCommand { Ids = ["r1"] })));
        Assert.Equal(true, fsm.Apply(8, 1, CommandCodec.AclPolicyDelete(new AclDeleteCommand { Ids = ["p1"] })));
        s = fsm.State.Current;
        Assert.Null(s.AclTokenByAccessor("a1").Value);
        Assert.Null(s.AclRoleById("r1").Value);
        Assert.Null(s.AclPolicyById("p1").Value);
    }

    [Fact]
    public void A_second_bootstrap_is_an_fsm_error_not_a_crash()
    {
        var fsm = NewFsm();
        var token = new AclToken { AccessorId = "a", SecretId = "s" };
        Assert.Equal(true, fsm.Apply(2, 1, CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token })));
        var second = fsm.Apply(3, 1, CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token with { AccessorId = "b", SecretId = "t" } }));
        Assert.Equal(StateErrors.AclBootstrapNotAllowed, Assert.IsType<FsmError>(second).Message);
        Assert.Equal(true, fsm.Apply(4, 1, CommandCodec.AclBootstrap(new AclBootstrapCommand { Token = token with { AccessorId = "b", SecretId = "t" }, ResetIndex = 2 })));
        Assert.Equal((false, 4UL), fsm.State.Current.CanBootstrapAcl());
    }
}
