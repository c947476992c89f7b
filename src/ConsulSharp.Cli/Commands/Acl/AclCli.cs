using ConsulSharp.Client;
using ConsulSharp.Contracts.Acl;

namespace ConsulSharp.Cli.Commands.Acl;

/// <summary>
/// What the <c>acl</c> commands share with Consul's <c>command/acl</c> helpers: ID prefixes resolved against the
/// lists, names resolved to IDs, <c>-service-identity</c>/<c>-node-identity</c> parsing, <c>@file</c>/<c>-</c> data
/// sources and the <c>-format</c> switch.
/// </summary>
public static class AclCli
{
    public const string GlobalManagementPolicyId = "00000000-0000-0000-0000-000000000001";

    public const string AnonymousTokenId = "00000000-0000-0000-0000-000000000002";

    /// <summary>A full accessor ID, <c>anonymous</c>, or a unique prefix of one listed token.</summary>
    public static async Task<string> TokenAccessorIdFromPartialAsync(ConsulHttpClient client, string partial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partial);
        if (partial == "anonymous")
        {
            return AnonymousTokenId;
        }

        if (partial.Length == 36)
        {
            return partial;
        }

        var tokens = await client.Acl.TokenListAsync(ct).ConfigureAwait(false);
        return Unique(tokens.Select(t => t.AccessorID), partial, "Partial token ID is not unique", "No such token ID with prefix: ");
    }

    /// <summary>A full policy ID, <c>global-management</c>, or a unique prefix of one listed policy.</summary>
    public static async Task<string> PolicyIdFromPartialAsync(ConsulHttpClient client, string partial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partial);
        if (partial == "global-management")
        {
            return GlobalManagementPolicyId;
        }

        if (partial.Length == 36)
        {
            return partial;
        }

        var policies = await client.Acl.PolicyListAsync(ct).ConfigureAwait(false);
        return Unique(policies.Select(p => p.ID ?? ""), partial, "Partial policy ID is not unique", "No such policy ID with prefix: ");
    }

    public static async Task<string> RoleIdFromPartialAsync(ConsulHttpClient client, string partial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(partial);
        if (partial.Length == 36)
        {
            return partial;
        }

        var roles = await client.Acl.RoleListAsync(ct).ConfigureAwait(false);
        return Unique(roles.Select(r => r.ID), partial, "Partial role ID is not unique", "No such role ID with prefix: ");
    }

    public static async Task<AclPolicyEntry> PolicyByNameAsync(ConsulHttpClient client, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(name))
        {
            throw new AclArgumentException("No name specified");
        }

        try
        {
            return await client.Acl.PolicyReadByNameAsync(name, ct).ConfigureAwait(false);
        }
        catch (ConsulApiException ex)
        {
            throw new AclArgumentException($"Failed to find policy with name {name}: {ex.Message}", ex);
        }
    }

    public static async Task<string> RoleIdByNameAsync(ConsulHttpClient client, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(name))
        {
            throw new AclArgumentException("No name specified");
        }

        var roles = await client.Acl.RoleListAsync(ct).ConfigureAwait(false);
        return roles.FirstOrDefault(r => r.Name == name)?.ID ?? throw new AclArgumentException("No such role with name " + name);
    }

    /// <summary><c>NAME</c> or <c>NAME:DC1,DC2</c>.</summary>
    public static List<AclServiceIdentityEntry>? ServiceIdentities(IReadOnlyList<string> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Count == 0)
        {
            return null;
        }

        var list = new List<AclServiceIdentityEntry>();
        foreach (var s in raw)
        {
            var parts = s.Split(':');
            list.Add(parts.Length switch
            {
                1 => new AclServiceIdentityEntry { ServiceName = parts[0] },
                2 => new AclServiceIdentityEntry { ServiceName = parts[0], Datacenters = [.. parts[1].Split(',')] },
                _ => throw new AclArgumentException($"Malformed -service-identity argument: {Quote(s)}"),
            });
        }

        return list;
    }

    /// <summary><c>NODE:DC</c>.</summary>
    public static List<AclNodeIdentityEntry>? NodeIdentities(IReadOnlyList<string> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Count == 0)
        {
            return null;
        }

        var list = new List<AclNodeIdentityEntry>();
        foreach (var s in raw)
        {
            var parts = s.Split(':');
            if (parts.Length != 2)
            {
                throw new AclArgumentException($"Malformed -node-identity argument: {Quote(s)}");
            }

            list.Add(new AclNodeIdentityEntry { NodeName = parts[0], Datacenter = parts[1] });
        }

        return list;
    }

    /// <summary>Consul's data source: empty, <c>@file</c>, <c>-</c> (stdin) or the literal value.</summary>
    public static async Task<string> LoadDataSourceAsync(string? data, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(data))
        {
            return "";
        }

        if (data[0] == '@')
        {
            return await ReadFileAsync(data[1..], ct).ConfigureAwait(false);
        }

        if (data == "-")
        {
            try
            {
                return await context.In.ReadToEndAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new AclArgumentException("Failed to read stdin: " + ex.Message, ex);
            }
        }

        return data;
    }

    /// <summary>Consul's no-raw data source (bootstrap's secret): <c>-</c> for stdin, anything else a file path.</summary>
    public static async Task<string> LoadDataSourceNoRawAsync(string data, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length == 0)
        {
            throw new AclArgumentException("Failed to load data: must specify a file path or '-' for stdin");
        }

        return data == "-" ? await LoadDataSourceAsync(data, context, ct).ConfigureAwait(false) : await ReadFileAsync(data, ct).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="pretty"/> or <paramref name="json"/> (plus the newline Consul's UI adds); an
    /// unknown format prints <c>Unknown format: x</c> and answers 1.</summary>
    public static async Task<int> WriteAsync(CliContext context, string? format, Func<string> pretty, Func<string> json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pretty);
        ArgumentNullException.ThrowIfNull(json);
        string text;
        switch (format)
        {
            case AclFormat.Pretty:
                text = pretty();
                break;
            case AclFormat.JsonFormat:
                text = json();
                break;
            default:
                await context.Err.WriteLineAsync("Unknown format: " + format).ConfigureAwait(false);
                return 1;
        }

        if (text.Length > 0)
        {
            await context.Out.WriteAsync(text + "\n").ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Go's <c>%q</c> for the plain strings these commands quote.</summary>
    public static string Quote(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AclArgumentException($"Failed to read file: open {path}: no such file or directory", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AclArgumentException($"Failed to read file: open {path}: {ex.Message}", ex);
        }
    }

    private static string Unique(IEnumerable<string> ids, string partial, string notUnique, string none)
    {
        string? found = null;
        foreach (var id in ids)
        {
            if (id.StartsWith(partial, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    throw new AclArgumentException(notUnique);
                }

                found = id;
            }
        }

        return found ?? throw new AclArgumentException(none + partial);
    }
}
