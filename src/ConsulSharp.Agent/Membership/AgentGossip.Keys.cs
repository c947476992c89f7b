using System.Text.Json;
using ConsulSharp.Agent.Config;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Agent.Membership;

public sealed partial class AgentGossip
{
    /// <summary>
    /// Runs a pool-wide keyring operation (<c>list</c>, <c>install</c>, <c>use</c>, <c>remove</c>) on the WAN pool
    /// (servers) then the LAN pool, as Consul's <c>/v1/operator/keyring</c> does, and persists each pool's keys to its
    /// keyring file (<c>serf/local.keyring</c>, <c>serf/remote.keyring</c>) after a change.
    /// </summary>
    public async Task<IReadOnlyList<KeyringResult>> KeyringAsync(string operation, string? key, CancellationToken cancellationToken)
    {
        if (operation != "list")
        {
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException("Key must be provided");
            }

            try
            {
                Keyring.ValidateKey(Convert.FromBase64String(key));
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"Invalid key: {ex.Message}", ex);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Invalid key: {ex.Message}", ex);
            }
        }

        var results = new List<KeyringResult>();
        foreach (var (pool, wan, file) in new[] { (Wan, true, "remote.keyring"), (Lan, false, "local.keyring") })
        {
            if (pool is null)
            {
                continue;
            }

            KeyOperationResult r;
            try
            {
                r = operation switch
                {
                    "list" => await pool.ListKeysAsync(cancellationToken).ConfigureAwait(false),
                    "install" => await pool.InstallKeyAsync(key!, cancellationToken).ConfigureAwait(false),
                    "use" => await pool.UseKeyAsync(key!, cancellationToken).ConfigureAwait(false),
                    "remove" => await pool.RemoveKeyAsync(key!, cancellationToken).ConfigureAwait(false),
                    _ => throw new ArgumentException($"unknown keyring operation {operation}"),
                };
            }
            catch (InvalidOperationException ex)
            {
                results.Add(new KeyringResult(wan, _agent.Config.Datacenter, new Dictionary<string, string>(), new Dictionary<string, int>(), new Dictionary<string, int>(), 0, ex.Message));
                continue;
            }

            var failed = r.Errors.Count;
            var error = failed > 0 ? $"{failed}/{r.NumNodes} nodes reported failure" : "";
            results.Add(new KeyringResult(wan, _agent.Config.Datacenter, r.Errors, r.Keys, r.PrimaryKeys, r.NumNodes, error));
            if (operation != "list" && pool.Keyring is { } ring)
            {
                SaveKeyring(_agent.Config, file, ring);
            }
        }

        return results;
    }

    /// <summary>
    /// Consul's keyring setup: with a data dir, the keyring file wins (<c>encrypt</c> seeds it only when it does not
    /// exist); without one (or with <c>disable_keyring_file</c>), the <c>encrypt</c> key alone. Null = plaintext.
    /// </summary>
    private Keyring? LoadKeyring(RuntimeConfig c, string file)
    {
        var path = KeyringPath(c, file);
        if (path is null)
        {
            return c.EncryptKey is { Length: > 0 } k ? Keyring.FromBase64(k) : null;
        }

        var existing = File.Exists(path);
        if (!existing && c.EncryptKey is { Length: > 0 } seed)
        {
            var ring = Keyring.FromBase64(seed);
            SaveKeyring(c, file, ring);
            return ring;
        }

        if (!existing)
        {
            return null;
        }

        var keys = JsonSerializer.Deserialize(File.ReadAllText(path), KeyringFileContext.Default.StringArray) ?? [];
        if (keys.Length == 0)
        {
            return c.EncryptKey is { Length: > 0 } k ? Keyring.FromBase64(k) : null;
        }

        var loaded = Keyring.FromBase64(keys);
        if (c.EncryptKey is { Length: > 0 } given && !keys.Contains(given, StringComparer.Ordinal))
        {
            Log.KeyringFileWins(_log, file == "local.keyring" ? "LAN" : "WAN");
        }

        return loaded;
    }

    private void SaveKeyring(RuntimeConfig c, string file, Keyring ring)
    {
        var path = KeyringPath(c, file);
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var keys = ring.Keys.Select(Convert.ToBase64String).ToArray();
            File.WriteAllText(path, JsonSerializer.Serialize(keys, KeyringFileContext.Default.StringArray));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (IOException ex)
        {
            Log.KeyringWriteFailed(_log, path, ex.Message);
        }
    }

    private static string? KeyringPath(RuntimeConfig c, string file) =>
        c.DevMode || c.DisableKeyringFile || string.IsNullOrEmpty(c.DataDir) ? null : Path.Combine(c.DataDir, "serf", file);
}
