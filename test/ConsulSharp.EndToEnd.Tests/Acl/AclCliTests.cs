using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConsulSharp.EndToEnd.Tests.Acl;

public sealed class AclCliTests(AclCliFixture f) : IClassFixture<AclCliFixture>
{
    private const string Uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private const string GoTime = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? [+-]\d{4} \S+";

    [Fact]
    public async Task PolicyLifecycleWithRulesFromAFile()
    {
        var rules = Path.GetTempFileName();
        await File.WriteAllTextAsync(rules, "key_prefix \"cli/\" {\n  policy = \"read\"\n}", TestContext.Current.CancellationToken);
        var create = await f.RunAsync("acl", "policy", "create", "-name=cli-read", "-description=CLI test", "-rules=@" + rules);
        File.Delete(rules);
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Matches(new Regex($"^ID:           ({Uuid})\nName:         cli-read\nDescription:  CLI test\nDatacenters:  \nRules:\nkey_prefix \"cli/\" {{\n  policy = \"read\"\n}}\n$"), create.Stdout);
        var id = Regex.Match(create.Stdout, Uuid).Value;

        var read = await f.RunAsync("acl", "policy", "read", "-name=cli-read");
        Assert.Equal((0, create.Stdout), (read.ExitCode, read.Stdout));
        var byPrefix = await f.RunAsync("acl", "policy", "read", "-id=" + id[..8], "-format=json");
        Assert.Equal(0, byPrefix.ExitCode);
        var json = JsonDocument.Parse(byPrefix.Stdout).RootElement;
        Assert.Equal(("cli-read", id), (json.GetProperty("Name").GetString(), json.GetProperty("ID").GetString()));
        Assert.StartsWith("{\n    \"ID\": ", byPrefix.Stdout, StringComparison.Ordinal);

        var list = await f.RunAsync("acl", "policy", "list");
        Assert.Contains($"cli-read:\n   ID:           {id}\n   Description:  CLI test\n   Datacenters:  \n", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("global-management:\n   ID:           00000000-0000-0000-0000-000000000001\n", list.Stdout, StringComparison.Ordinal);

        var update = await f.RunAsync("acl", "policy", "update", "-id=" + id, "-description=changed");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Contains("Description:  changed\n", update.Stdout, StringComparison.Ordinal);
        Assert.Contains("key_prefix \"cli/\"", update.Stdout, StringComparison.Ordinal);

        var delete = await f.RunAsync("acl", "policy", "delete", "-name=cli-read");
        Assert.Equal((0, $"Policy \"{id}\" deleted successfully\n"), (delete.ExitCode, delete.Stdout));
        var gone = await f.RunAsync("acl", "policy", "read", "-name=cli-read");
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("Error reading policy \"name:cli-read\": Failed to find policy with name cli-read: Unexpected response code: ", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenLifecycleAndSelf()
    {
        Assert.Equal(0, (await f.RunAsync("acl", "policy", "create", "-name=tok-pol", "-rules=node_prefix \"\" { policy = \"read\" }")).ExitCode);
        var create = await f.RunAsync("acl", "token", "create", "-description=cli token", "-policy-name=tok-pol");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Matches(new Regex($"^AccessorID:       ({Uuid})\nSecretID:         ({Uuid})\nDescription:      cli token\nLocal:            false\nCreate Time:      {GoTime}\nPolicies:\n   {Uuid} - tok-pol\n\n$"), create.Stdout);
        var accessor = Regex.Match(create.Stdout, "AccessorID: +(" + Uuid + ")").Groups[1].Value;
        var secret = Regex.Match(create.Stdout, "SecretID: +(" + Uuid + ")").Groups[1].Value;

        var read = await f.RunAsync("acl", "token", "read", "-accessor-id=" + accessor[..8]);
        Assert.Equal((0, create.Stdout), (read.ExitCode, read.Stdout));
        var self = await f.RunAsTokenAsync(secret, null, "acl", "token", "read", "-self", "-format=json");
        Assert.Equal(0, self.ExitCode);
        Assert.Equal(accessor, JsonDocument.Parse(self.Stdout).RootElement.GetProperty("AccessorID").GetString());

        var list = await f.RunAsync("acl", "token", "list");
        Assert.Contains($"AccessorID:       {accessor}\n", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("AccessorID:       00000000-0000-0000-0000-000000000002\n", list.Stdout, StringComparison.Ordinal);

        var update = await f.RunAsync("acl", "token", "update", "-accessor-id=" + accessor, "-description=renamed");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Contains("Description:      renamed\n", update.Stdout, StringComparison.Ordinal);
        Assert.Contains(" - tok-pol\n", update.Stdout, StringComparison.Ordinal);

        var clone = await f.RunAsync("acl", "token", "clone", "-accessor-id=" + accessor, "-description=copy");
        Assert.True(clone.ExitCode == 0, clone.Stderr);
        Assert.Contains("Description:      copy\n", clone.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(accessor, clone.Stdout, StringComparison.Ordinal);

        var delete = await f.RunAsync("acl", "token", "delete", "-accessor-id=" + accessor);
        Assert.Equal((0, $"Token \"{accessor}\" deleted successfully\n"), (delete.ExitCode, delete.Stdout));

        // A token without acl:read cannot list tokens: the 403 text comes through.
        var denied = await f.RunAsTokenAsync(Regex.Match(clone.Stdout, "SecretID: +(" + Uuid + ")").Groups[1].Value, null, "acl", "token", "list");
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("Failed to retrieve the token list: Unexpected response code: 403 (Permission denied: token with AccessorID '", denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleLifecycle()
    {
        Assert.Equal(0, (await f.RunAsync("acl", "policy", "create", "-name=role-pol", "-rules=service_prefix \"\" { policy = \"read\" }")).ExitCode);
        var create = await f.RunAsync("acl", "role", "create", "-name=cli-role", "-description=a role", "-policy-name=role-pol");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.Matches(new Regex($"^ID:           ({Uuid})\nName:         cli-role\nDescription:  a role\nPolicies:\n   {Uuid} - role-pol\n\n$"), create.Stdout);
        var id = Regex.Match(create.Stdout, Uuid).Value;

        Assert.Equal(create.Stdout, (await f.RunAsync("acl", "role", "read", "-name=cli-role")).Stdout);
        Assert.Contains($"cli-role:\n   ID:           {id}\n   Description:  a role\n   Policies:\n", (await f.RunAsync("acl", "role", "list")).Stdout, StringComparison.Ordinal);
        var update = await f.RunAsync("acl", "role", "update", "-id=" + id[..8], "-description=changed");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Contains("Description:  changed\n", update.Stdout, StringComparison.Ordinal);

        var token = await f.RunAsync("acl", "token", "create", "-role-name=cli-role");
        Assert.True(token.ExitCode == 0, token.Stderr);
        Assert.Contains($"Roles:\n   {id} - cli-role\n", token.Stdout, StringComparison.Ordinal);

        var delete = await f.RunAsync("acl", "role", "delete", "-name=cli-role");
        Assert.Equal((0, $"Role \"{id}\" deleted successfully\n"), (delete.ExitCode, delete.Stdout));
        var missing = await f.RunAsync("acl", "role", "read", "-name=cli-role");
        Assert.Equal((1, "Role not found with name \"cli-role\"\n"), (missing.ExitCode, missing.Stderr));
    }

    [Fact]
    public async Task IdentitiesArePrintedUnderTheirHeadings()
    {
        var create = await f.RunAsync("acl", "token", "create", "-service-identity=web:dc1,dc2", "-service-identity=db", "-node-identity=node-1:dc1");
        Assert.True(create.ExitCode == 0, create.Stderr);
        Assert.EndsWith("Service Identities:\n   web (Datacenters: dc1, dc2)\n   db (Datacenters: all)\nNode Identities:\n   node-1 (Datacenter: dc1)\n\n", create.Stdout, StringComparison.Ordinal);
        var malformed = await f.RunAsync("acl", "token", "create", "-node-identity=node-1");
        Assert.Equal((1, "Malformed -node-identity argument: \"node-1\"\n"), (malformed.ExitCode, malformed.Stderr));
    }

    [Fact]
    public async Task SetAgentTokenAndUnknownTokens()
    {
        var set = await f.RunAsync("acl", "set-agent-token", "default", AclCliFixture.Management);
        Assert.Equal((0, "ACL token \"default\" set successfully\n"), (set.ExitCode, set.Stdout));

        var unknown = await f.RunAsTokenAsync("11111111-2222-3333-4444-555555555555", null, "acl", "policy", "list");
        Assert.Equal((1, "Failed to retrieve the policy list: Unexpected response code: 403 (ACL not found)\n"), (unknown.ExitCode, unknown.Stderr));
    }
}
