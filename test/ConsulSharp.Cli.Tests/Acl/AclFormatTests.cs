using ConsulSharp.Cli.Commands.Acl;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;

namespace ConsulSharp.Cli.Tests.Acl;

public sealed class AclFormatTests
{
    private static readonly AclTokenEntry Complex = new()
    {
        CreateIndex = 5,
        ModifyIndex = 10,
        AccessorID = "fbd2447f-7479-4329-ad13-b021d74f86ba",
        SecretID = "869c6e91-4de9-4dab-b56e-87548435f9c6",
        Description = "test token",
        Policies = [new() { ID = "beb04680-815b-4d7c-9e33-3d707c24672c", Name = "hobbiton" }, new() { ID = "18788457-584c-4812-80d3-23d403148a90", Name = "bywater" }],
        Roles = [new() { ID = "3b0a78fe-b9c3-40de-b8ea-7d4d6674b366", Name = "shire" }],
        ServiceIdentities = [new() { ServiceName = "gardener", Datacenters = ["middleearth-northwest", "east"] }, new() { ServiceName = "web" }],
        NodeIdentities = [new() { NodeName = "bagend", Datacenter = "middleearth-northwest" }],
        CreateTime = "2020-05-22T18:52:31Z",
        ExpirationTime = "2020-05-22T19:52:31.250Z",
        Hash = "abcdefgh"u8.ToArray(),
    };

    [Fact]
    public void BasicTokenMatchesConsulsPrettyLayout()
    {
        var token = new AclTokenEntry
        {
            AccessorID = "fbd2447f-7479-4329-ad13-b021d74f86ba",
            SecretID = "869c6e91-4de9-4dab-b56e-87548435f9c6",
            Description = "test token",
            CreateTime = "2020-05-22T18:52:31Z",
        };
        Assert.Equal(
            "AccessorID:       fbd2447f-7479-4329-ad13-b021d74f86ba\nSecretID:         869c6e91-4de9-4dab-b56e-87548435f9c6\nDescription:      test token\nLocal:            false\nCreate Time:      2020-05-22 18:52:31 +0000 UTC\n",
            AclFormat.Token(token, showMeta: false));
    }

    [Fact]
    public void ComplexTokenWithMetaListsLinksIdentitiesHashAndIndexes()
    {
        Assert.Equal(
            """
            AccessorID:       fbd2447f-7479-4329-ad13-b021d74f86ba
            SecretID:         869c6e91-4de9-4dab-b56e-87548435f9c6
            Description:      test token
            Local:            false
            Create Time:      2020-05-22 18:52:31 +0000 UTC
            Expiration Time:  2020-05-22 19:52:31.25 +0000 UTC
            Hash:             6162636465666768
            Create Index:     5
            Modify Index:     10
            Policies:
               beb04680-815b-4d7c-9e33-3d707c24672c - hobbiton
               18788457-584c-4812-80d3-23d403148a90 - bywater
            Roles:
               3b0a78fe-b9c3-40de-b8ea-7d4d6674b366 - shire
            Service Identities:
               gardener (Datacenters: middleearth-northwest, east)
               web (Datacenters: all)
            Node Identities:
               bagend (Datacenter: middleearth-northwest)

            """.Replace("\r", "", StringComparison.Ordinal),
            AclFormat.Token(Complex, showMeta: true));
    }

    [Fact]
    public void TokenListSeparatesEntriesWithAnEmptyLine()
    {
        AclTokenEntry[] tokens =
        [
            new() { AccessorID = "a1", SecretID = "s1", Description = "one", Local = true, CreateTime = "2020-05-22T18:52:31Z", Policies = [new() { ID = "p", Name = "pn" }] },
            new() { AccessorID = "a2", SecretID = "s2", Description = "two", CreateTime = "2020-05-22T18:52:31Z" },
        ];
        Assert.Equal(
            "AccessorID:       a1\nSecretID:         s1\nDescription:      one\nLocal:            true\nCreate Time:      2020-05-22 18:52:31 +0000 UTC\nPolicies:\n   p - pn\n"
            + "\nAccessorID:       a2\nSecretID:         s2\nDescription:      two\nLocal:            false\nCreate Time:      2020-05-22 18:52:31 +0000 UTC\n",
            AclFormat.TokenList(tokens, showMeta: false));
    }

    [Fact]
    public void PolicyPrintsRulesLast()
    {
        var policy = new AclPolicyEntry { ID = "pid", Name = "kv", Description = "d", Datacenters = ["dc1", "dc2"], Rules = "key \"\" { policy = \"read\" }", Hash = [1, 255], CreateIndex = 3, ModifyIndex = 4 };
        Assert.Equal("ID:           pid\nName:         kv\nDescription:  d\nDatacenters:  dc1, dc2\nRules:\nkey \"\" { policy = \"read\" }", AclFormat.Policy(policy, showMeta: false));
        Assert.Equal("ID:           pid\nName:         kv\nDescription:  d\nDatacenters:  dc1, dc2\nHash:         01ff\nCreate Index: 3\nModify Index: 4\nRules:\nkey \"\" { policy = \"read\" }", AclFormat.Policy(policy, showMeta: true));
    }

    [Fact]
    public void PolicyListIndentsEachEntryUnderItsName()
    {
        AclPolicyListEntry[] list =
        [
            new() { ID = GlobalId, Name = "global-management", Description = "Builtin Policy that grants unlimited access" },
            new() { ID = "x", Name = "kv", Datacenters = ["dc1"] },
        ];
        Assert.Equal(
            $"global-management:\n   ID:           {GlobalId}\n   Description:  Builtin Policy that grants unlimited access\n   Datacenters:  \nkv:\n   ID:           x\n   Description:  \n   Datacenters:  dc1\n",
            AclFormat.PolicyList(list, showMeta: false));
    }

    [Fact]
    public void RoleAndRoleListUseTheirOwnIndentation()
    {
        var role = new AclRoleEntry
        {
            ID = "rid",
            Name = "complex",
            Description = "test role",
            Policies = [new() { ID = "p1", Name = "hobbiton" }],
            ServiceIdentities = [new() { ServiceName = "gardener", Datacenters = ["dc9"] }],
            NodeIdentities = [new() { NodeName = "bagend", Datacenter = "dc9" }],
            Hash = "abcdefgh"u8.ToArray(),
            CreateIndex = 5,
            ModifyIndex = 10,
        };
        Assert.Equal(
            "ID:           rid\nName:         complex\nDescription:  test role\nPolicies:\n   p1 - hobbiton\nService Identities:\n   gardener (Datacenters: dc9)\nNode Identities:\n   bagend (Datacenter: dc9)\n",
            AclFormat.Role(role, showMeta: false));
        Assert.Equal(
            "complex:\n   ID:           rid\n   Description:  test role\n   Hash:         6162636465666768\n   Create Index: 5\n   Modify Index: 10\n   Policies:\n      p1 - hobbiton\n   Service Identities:\n      gardener (Datacenters: dc9)\n   Node Identities:\n      bagend (Datacenter: dc9)\n",
            AclFormat.RoleList([role], showMeta: true));
    }

    [Fact]
    public void JsonIsGoIndentedInApiFieldOrderWithOmitEmpty()
    {
        var token = new AclTokenEntry
        {
            CreateIndex = 42,
            ModifyIndex = 100,
            AccessorID = "a",
            SecretID = "s",
            Description = "d",
            Policies = [new() { ID = "p", Name = "n" }],
            CreateTime = "2020-05-22T18:52:31Z",
            Hash = "abcdefgh"u8.ToArray(),
        };
        Assert.Equal(
            """
            {
                "CreateIndex": 42,
                "ModifyIndex": 100,
                "AccessorID": "a",
                "SecretID": "s",
                "Description": "d",
                "Policies": [
                    {
                        "ID": "p",
                        "Name": "n"
                    }
                ],
                "Local": false,
                "CreateTime": "2020-05-22T18:52:31Z",
                "Hash": "YWJjZGVmZ2g="
            }
            """.Replace("\r", "", StringComparison.Ordinal),
            AclFormat.Json(token, ConsulJson.CompactContext.AclTokenEntry));
        Assert.Equal(
            "[\n    {\n        \"ID\": \"x\",\n        \"Name\": \"kv\",\n        \"Description\": \"\",\n        \"Datacenters\": null,\n        \"Hash\": null,\n        \"CreateIndex\": 0,\n        \"ModifyIndex\": 0\n    }\n]",
            AclFormat.Json(new List<AclPolicyListEntry> { new() { ID = "x", Name = "kv", Description = "" } }, ConsulJson.CompactContext.ListAclPolicyListEntry));
    }

    [Fact]
    public void TokenListJsonHasNoLegacyField()
    {
        var entry = new AclTokenEntry { CreateIndex = 42, ModifyIndex = 100, AccessorID = "a", SecretID = "s", Description = "test token", CreateTime = "2020-05-22T18:52:31Z", Hash = "abcdefgh"u8.ToArray() };
        Assert.Equal(
            "[\n    {\n        \"CreateIndex\": 42,\n        \"ModifyIndex\": 100,\n        \"AccessorID\": \"a\",\n        \"SecretID\": \"s\",\n        \"Description\": \"test token\",\n        \"Local\": false,\n        \"CreateTime\": \"2020-05-22T18:52:31Z\",\n        \"Hash\": \"YWJjZGVmZ2g=\"\n    }\n]",
            AclFormat.Json(new List<AclTokenEntry> { entry }, ConsulJson.CompactContext.ListAclTokenEntry));
    }

    [Theory]
    [InlineData("2018-10-22T11:27:04.479026-04:00", "2018-10-22 11:27:04.479026 -0400 -0400")]
    [InlineData("2026-11-30T19:00:00.1000000+00:00", "2026-11-30 19:00:00.1 +0000 UTC")]
    [InlineData("2026-11-30T19:00:00.000Z", "2026-11-30 19:00:00 +0000 UTC")]
    [InlineData("", "0001-01-01 00:00:00 +0000 UTC")]
    public void TimesPrintAsGoTimeString(string rfc3339, string expected) => Assert.Equal(expected, AclFormat.GoTime(rfc3339));

    private const string GlobalId = "00000000-0000-0000-0000-000000000001";
}
