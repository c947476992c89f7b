using ConsulSharp.Client;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Core.Flags;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary><c>consul acl policy read -id ID|-name NAME</c>.</summary>
public sealed class AclPolicyReadCommand : CommandBase
{
    private readonly FlagValue<bool> _meta;
    private readonly FlagValue<string?> _id;
    private readonly FlagValue<string?> _name;
    private readonly FlagValue<string?> _format;

    public AclPolicyReadCommand()
        : base("acl policy read", serverFlags: true)
    {
        _meta = Flags.Bool("meta", false, "Indicates that policy metadata such as the content hash and raft indices should be shown for each entry");
        _id = Flags.String("id", "", "The ID of the policy to read. It may be specified as a unique ID prefix but will error if the prefix matches multiple policy IDs");
        _name = Flags.String("name", "", "The name of the policy to read.");
        _format = Flags.String("format", AclFormat.Pretty, AclFormat.FormatUsage);
    }

    public override string Synopsis => "Read an ACL policy";

    protected override string UsageText => """
        Usage: consul acl policy read [options] POLICY

          Prints one policy, chosen by -id (a unique ID prefix is enough) or -name.

              $ consul acl policy read -name my-policy
        """;

    protected override async Task<int> ExecuteAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var id = _id.Value ?? "";
        var name = _name.Value ?? "";
        if (id.Length == 0 && name.Length == 0)
        {
            await context.Err.WriteLineAsync("Must specify either the -id or -name parameters").ConfigureAwait(false);
            return 1;
        }

        using var client = Client(context);
        AclPolicyEntry policy;
        var resolved = "";
        try
        {
            if (id.Length > 0)
            {
                try
                {
                    resolved = await AclCli.PolicyIdFromPartialAsync(client, id, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
                {
                    await context.Err.WriteLineAsync("Error determining policy ID: " + ex.Message).ConfigureAwait(false);
                    return 1;
                }

                policy = await client.Acl.PolicyReadAsync(resolved, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                policy = await AclCli.PolicyByNameAsync(client, name, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is AclArgumentException or ConsulApiException)
        {
            var arg = id.Length > 0 ? "id:" + resolved : "name:" + name;
            await context.Err.WriteLineAsync($"Error reading policy {AclCli.Quote(arg)}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        return await AclCli.WriteAsync(context, _format.Value, () => AclFormat.Policy(policy, _meta.Value), () => AclFormat.Json(policy, ConsulJson.CompactContext.AclPolicyEntry)).ConfigureAwait(false);
    }
}
