using ConsulSharp.Core.Structs;
using ConsulSharp.State.Internal;

namespace ConsulSharp.State.Tests;

public sealed class AclStateTests
{
    private static AclToken Token(string accessor, string secret, params string[] policies) =>
        new() { AccessorId = accessor, SecretId = secret, Policies = policies, Description = "d", CreateTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };

    private static AclPolicy Policy(string id, string name) => new() { Id = id, Name = name, Rules = "key \"a\" { policy = \"read\" }" };

    [Fact]
    public void Tokens_are_found_by_accessor_and_secret_and_keep_their_create_index()
    {
        var t = new TestStore();
        t.Store.AclTokenSet(5, [Token("A-1", "s1")]);
        t.Store.AclTokenSet(6, [Token("a-1", "s1") with { Description = "changed" }]);
        var byAccessor = t.Snap.AclTokenByAccessor("A-1");
        Assert.Equal(6UL, byAccessor.Index);
        Assert.Equal("changed", byAccessor.Value!.Description);
        Assert.Equal(5UL, byAccessor.Value.CreateIndex);
        Assert.Equal(6UL, byAccessor.Value.ModifyIndex);
        Assert.Same(byAccessor.Value, t.Snap.AclTokenBySecret("s1").Value);
        Assert.Null(t.Snap.AclTokenBySecret("S1").Value);
    }

    [Fact]
    public void A_secret_cannot_belong_to_two_tokens_and_a_changed_secret_frees_the_old_one()
    {
        var t = new TestStore();
        t.Store.AclTokenSet(1, [Token("a", "s1")]);
        var ex = Assert.Throws<StateStoreException>(() => t.Store.AclTokenSet(2, [Token("b", "s1")]));
        Assert.Equal("Invalid Token: SecretID is already in use", ex.Message);
        t.Store.AclTokenSet(3, [Token("a", "s2")]);
        Assert.Null(t.Snap.AclTokenBySecret("s1").Value);
        t.Store.AclTokenDelete(4, ["a"]);
        Assert.Null(t.Snap.AclTokenBySecret("s2").Value);
        Assert.Empty(t.Snap.AclTokens().Value);
    }

    [Fact]
    public void Policy_names_are_unique_case_insensitively_and_renames_free_the_old_name()
    {
        var t = new TestStore();
        t.Store.AclPolicySet(1, [Policy("p1", "Readers")]);
        var ex = Assert.Throws<StateStoreException>(() => t.Store.AclPolicySet(2, [Policy("p2", "readers")]));
        Assert.Equal("Invalid Policy: A Policy with Name \"readers\" already exists", ex.Message);
        t.Store.AclPolicySet(3, [Policy("p1", "Other")]);
        Assert.Null(t.Snap.AclPolicyByName("Readers").Value);
        Assert.Equal("p1", t.Snap.AclPolicyByName("other").Value!.Id);
        t.Store.AclPolicySet(4, [Policy("p2", "readers")]);
        Assert.Equal(["p1", "p2"], t.Snap.AclPolicies().Value.Select(p => p.Id));
    }

    [Fact]
    public void Roles_and_token_list_filters()
    {
        var t = new TestStore();
        t.Store.AclRoleSet(1, [new AclRole { Id = "r1", Name = "ops", Policies = ["p1"] }]);
        t.Store.AclRoleSet(2, [new AclRole { Id = "r2", Name = "dev" }]);
        Assert.Throws<StateStoreException>(() => t.Store.AclRoleSet(3, [new AclRole { Id = "r3", Name = "OPS" }]));
        Assert.Equal(["r1"], t.Snap.AclRoles("p1").Value.Select(r => r.Id));
        t.Store.AclTokenSet(4, [Token("t1", "s1", "p1"), Token("t2", "s2") with { Roles = ["r2"] }]);
        Assert.Equal(["t1"], t.Snap.AclTokens(policyId: "P1").Value.Select(x => x.AccessorId));
        Assert.Equal(["t2"], t.Snap.AclTokens(roleId: "r2").Value.Select(x => x.AccessorId));
        t.Store.AclRoleDelete(5, ["r2"]);
        Assert.Null(t.Snap.AclRoleByName("dev").Value);
    }

    [Fact]
    public void Bootstrap_is_allowed_once_then_only_with_the_reset_index()
    {
        var t = new TestStore();
        Assert.Equal((true, 0UL), t.Snap.CanBootstrapAcl());
        t.Store.AclBootstrap(7, Token("a", "s1"), 0);
        Assert.Equal((false, 7UL), t.Snap.CanBootstrapAcl());
        Assert.Equal(StateErrors.AclBootstrapNotAllowed, Assert.Throws<StateStoreException>(() => t.Store.AclBootstrap(8, Token("b", "s2"), 0)).Message);
        Assert.Equal(StateErrors.AclBootstrapInvalidResetIndex, Assert.Throws<StateStoreException>(() => t.Store.AclBootstrap(8, Token("b", "s2"), 3)).Message);
        t.Store.AclBootstrap(9, Token("b", "s2"), 7);
        Assert.Equal((false, 9UL), t.Snap.CanBootstrapAcl());
    }

    [Fact]
    public async Task A_token_write_wakes_blocked_token_readers()
    {
        var t = new TestStore();
        var snap = t.Snap;
        var ws = new WatchSet(snap);
        snap.AclTokens(ws: ws);
        var wait = t.Store.WaitAsync(ws, TestContext.Current.CancellationToken);
        Assert.False(wait.IsCompleted);
        t.Store.AclTokenSet(1, [Token("a", "s")]);
        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Acl_tables_round_trip_through_a_snapshot()
    {
        var t = new TestStore();
        t.Store.AclPolicySet(1, [Policy("p1", "readers") with { Datacenters = ["dc1"], Hash = [1, 2] }]);
        t.Store.AclRoleSet(2, [new AclRole { Id = "r1", Name = "ops", Policies = ["p1"], Description = "x", ServiceIdentities = [new AclServiceIdentity("db", [])] }]);
        t.Store.AclBootstrap(3, Token("a", "s1", "p1") with
        {
            Roles = ["r1"],
            Local = true,
            Hash = [9],
            ServiceIdentities = [new AclServiceIdentity("web", ["dc1", "dc2"])],
            NodeIdentities = [new AclNodeIdentity("n1", "dc1")],
            ExpirationTime = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(5),
        }, 0);
        using var ms = new MemoryStream();
        StateStore.WriteSnapshot(t.Snap, ms);
        ms.Position = 0;
        var restored = new TestStore();
        restored.Store.Restore(ms);
        var s = restored.Snap;
        Assert.Equal(t.Snap.AclTokenByAccessor("a").Value, s.AclTokenBySecret("s1").Value, AclTokenComparer.Instance);
        Assert.Equal(["dc1"], s.AclPolicyByName("READERS").Value!.Datacenters);
        Assert.Equal(["p1"], s.AclRoleByName("ops").Value!.Policies);
        Assert.Equal("db", Assert.Single(s.AclRoleByName("ops").Value!.ServiceIdentities).ServiceName);
        var token = s.AclTokenBySecret("s1").Value!;
        Assert.Equal(["dc1", "dc2"], Assert.Single(token.ServiceIdentities).Datacenters);
        Assert.Equal(new AclNodeIdentity("n1", "dc1"), Assert.Single(token.NodeIdentities));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(5), token.ExpirationTime);
        Assert.Equal((false, 3UL), s.CanBootstrapAcl());
        Assert.Equal(3UL, s.TableIndex(StateTable.AclTokens));
        Assert.Equal(1UL, s.TableIndex(StateTable.AclPolicies));
        Assert.Equal(2UL, s.TableIndex(StateTable.AclRoles));
    }

    [Fact]
    public void A_snapshot_written_before_acls_existed_still_restores()
    {
        var t = new TestStore();
        t.Node(1, "n1");
        using var ms = new MemoryStream();
        StateStore.WriteSnapshot(t.Snap, ms);
        var bytes = ms.ToArray();

        // The ACL sections (11-16, all empty) sit just before the end marker and the CRC; cut them out and re-sign,
        // which gives exactly the bytes the previous writer produced.
        byte[] aclSections = [11, 0, 0, 12, 0, 0, 13, 0, 0, 14, 0, 15, 0, 16, 0];
        var body = bytes.AsSpan(0, bytes.Length - 4);
        var at = body.Length - 1 - aclSections.Length;
        Assert.True(body[at..^1].SequenceEqual(aclSections));
        var old = new MemoryStream();
        using (var crc = new Crc32CStream(old))
        {
            crc.Write(body[..at]);
            crc.WriteByte(SnapshotFormat.SectionEnd);
            var sum = crc.Crc;
            crc.Enabled = false;
            Span<byte> trailer = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer, sum);
            old.Write(trailer);
            old.Position = 0;
            var restored = new TestStore();
            restored.Store.Restore(old);
            Assert.NotNull(restored.Snap.GetNode("n1").Value);
            Assert.Empty(restored.Snap.AclTokens().Value);
            Assert.Equal((true, 0UL), restored.Snap.CanBootstrapAcl());
        }
    }

    private sealed class AclTokenComparer : IEqualityComparer<AclToken?>
    {
        public static readonly AclTokenComparer Instance = new();

        public bool Equals(AclToken? x, AclToken? y) =>
            x is not null && y is not null && x.AccessorId == y.AccessorId && x.SecretId == y.SecretId && x.Description == y.Description
            && x.Policies.SequenceEqual(y.Policies) && x.Roles.SequenceEqual(y.Roles) && x.Local == y.Local && x.CreateTime == y.CreateTime
            && x.ExpirationTime == y.ExpirationTime
            && x.Hash.SequenceEqual(y.Hash) && x.CreateIndex == y.CreateIndex && x.ModifyIndex == y.ModifyIndex;

        public int GetHashCode(AclToken? obj) => obj?.AccessorId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
