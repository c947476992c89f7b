using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl policy list</c>.</summary>
public sealed class AclPolicyListCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _format;

    public AclPolicyListCommand()
        : base("acl policy list", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that policy metadata such as the content hash and raft indices should be shown for each entry");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Lists ACL policies";

    protected override string UsageText => """
        Usage: consul acl policy list [options]

          Lists all the ACL policies.
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        using var client = Client(context);
        List<AclPolicyListEntry> policies;
        try
        {
            policies = await client.Acl.PolicyListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            await context.Err.WriteLineAsync("Failed to retrieve the policy list: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.PolicyList(policies, _meta.Value), () => AclFormat.Json(policies, ConsulJson.CompactContext.ListAclPolicyListEntry)).ConfigureAwait(false);
    }
}
