namespace ConsulSharp.Cli.Tests.Acl;

/// <summary>Argument checks that answer before any request (the address points at a closed port).</summary>
public sealed class AclCommandArgumentTests
{
    [Theory]
    [InlineData("Missing require '-name' flag", "acl", "policy", "create")]
    [InlineData("Must specify either the -id or -name parameters", "acl", "policy", "read")]
    [InlineData("Must specify either the -id or -name parameters", "acl", "policy", "update")]
    [InlineData("Must specify either the -id or -name parameters", "acl", "policy", "delete")]
    [InlineData("Cannot create a token without specifying -policy-name, -policy-id, -role-name, -role-id, -service-identity, or -node-identity at least once", "acl", "token", "create")]
    [InlineData("Must specify the -accessor-id parameter", "acl", "token", "read")]
    [InlineData("Must specify the -accessor-id parameter", "acl", "token", "delete")]
    [InlineData("Cannot update a token without specifying the -accessor-id parameter", "acl", "token", "update")]
    [InlineData("Cannot update a token without specifying the -accessor-id parameter", "acl", "token", "clone")]
    [InlineData("Missing require '-name' flag", "acl", "role", "create")]
    [InlineData("Must specify either the -id or -name parameters", "acl", "role", "read")]
    [InlineData("Cannot update a role without specifying the -id parameter", "acl", "role", "update")]
    [InlineData("Must specify the -id or -name parameters", "acl", "role", "delete")]
    [InlineData("Error! Missing TYPE and TOKEN arguments", "acl", "set-agent-token")]
    [InlineData("Error! Missing TOKEN argument", "acl", "set-agent-token", "agent")]
    [InlineData("Error! MISSING TYPE argument", "acl", "set-agent-token", "abc123")]
    [InlineData("Error! Too many arguments: expected 2 got 3", "acl", "set-agent-token", "a", "b", "c")]
    [InlineData("This command takes up to one argument", "acl", "bootstrap", "a", "b")]
    public async Task MissingArgumentsPrintConsulsTextAndExit1(string expected, params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected + "\n", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleCreateNeedsALinkOrIdentity()
    {
        var (code, _, stderr) = await RunAsync("acl", "role", "create", "-name=r");
        Assert.Equal((1, "Cannot create a role without specifying -policy-name, -policy-id, -service-identity, or -node-identity at least once\n"), (code, stderr));
    }

    [Fact]
    public async Task MalformedIdentitiesAreRefusedBeforeAnyRequest()
    {
        var (code, _, stderr) = await RunAsync("acl", "token", "create", "-node-identity=nodewithoutdc");
        Assert.Equal((1, "Malformed -node-identity argument: \"nodewithoutdc\"\n"), (code, stderr));
        (code, _, stderr) = await RunAsync("acl", "token", "create", "-service-identity=a:b:c");
        Assert.Equal((1, "Malformed -service-identity argument: \"a:b:c\"\n"), (code, stderr));
    }

    [Fact]
    public async Task UnknownTokenTypeIsRefused()
    {
        var (code, _, stderr) = await RunAsync("acl", "set-agent-token", "bogus", "secret");
        Assert.Equal((1, "Unknown token type\n"), (code, stderr));
    }

    [Fact]
    public async Task BootstrapSecretFileMustExist()
    {
        var (code, _, stderr) = await RunAsync("acl", "bootstrap", "/nonexistent/secret");
        Assert.Equal((1, "Error reading provided token: Failed to read file: open /nonexistent/secret: no such file or directory\n"), (code, stderr));
    }

    [Fact]
    public async Task UnreachableAgentReportsTheTransportError()
    {
        var (code, _, stderr) = await RunAsync("acl", "policy", "list");
        Assert.Equal(1, code);
        Assert.StartsWith("Failed to retrieve the policy list: Get \"http://127.0.0.1:1/v1/acl/policies\": dial tcp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AclGroupListsItsSubcommands()
    {
        var (code, _, stderr) = await RunRawAsync("acl", "token");
        Assert.Equal(1, code);
        Assert.Contains("    clone     Clone an ACL token\n", stderr, StringComparison.Ordinal);
        Assert.Contains("    update    Update an ACL token\n", stderr, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-') && a is "acl" or "policy" or "token" or "role" or "create" or "read" or "update" or "delete" or "list" or "clone" or "bootstrap" or "set-agent-token").Count();
        return RunRawAsync([.. args.Take(words), "-http-addr=127.0.0.1:1", .. args.Skip(words)]);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunRawAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, _ => null) { In = new StringReader("") };
        var code = await CommandLine.RunAsync(args, context, TestContext.Current.CancellationToken);
        return (code, stdout.ToString().Replace("\r", "", StringComparison.Ordinal), stderr.ToString().Replace("\r", "", StringComparison.Ordinal));
    }
}
