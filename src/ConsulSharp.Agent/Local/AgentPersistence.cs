using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// Services and checks registered through the HTTP API survive agent restarts, as in Consul: each one is written to
/// <c>&lt;data-dir&gt;/services/&lt;sha256(id)&gt;</c> or <c>&lt;data-dir&gt;/checks/&lt;sha256(id)&gt;</c> as the JSON
/// definition it was registered with, and removed when it is deregistered. Config-file definitions are not persisted
/// (the files are their source). Without a data dir (<c>-dev</c>) nothing is written. Files are written to a temporary
/// name, flushed and renamed, so a crash leaves either the old definition or the new one.
/// </summary>
public sealed class AgentPersistence
{
    private readonly string? _servicesDir;
    private readonly string? _checksDir;
    private readonly string? _checkStateDir;

    public AgentPersistence(ConsulAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.Config.DevMode && agent.Config.DataDir is { Length: > 0 } dir)
        {
            _servicesDir = Path.Combine(dir, "services");
            _checksDir = Path.Combine(dir, "checks");
            _checkStateDir = Path.Combine(_checksDir, "state");
        }
    }

    public bool Enabled => _servicesDir is not null;

    public void SaveService(string id, string json) => Write(_servicesDir, id, json);

    public void RemoveService(string id) => Delete(_servicesDir, id);

    public void SaveCheck(string id, string json) => Write(_checksDir, id, json);

    public void RemoveCheck(string id) => Delete(_checksDir, id);

    /// <summary>
    /// Records the status a TTL check was last given through the API, valid until <paramref name="expires"/> (now plus
    /// the TTL), as Consul's <c>checks/state</c>: a restart within the TTL keeps the status instead of starting over
    /// from the definition's initial status.
    /// </summary>
    public void SaveCheckState(string id, string status, string output, DateTimeOffset expires) =>
        Write(_checkStateDir, id, JsonSerializer.Serialize(new CheckStateRecord(id, status, output, expires.ToUnixTimeMilliseconds()), CheckStateJson.Default.CheckStateRecord));

    /// <summary>The persisted status of a TTL check if it has not expired at <paramref name="now"/>; an expired or
    /// unreadable record is deleted.</summary>
    public (string Status, string Output)? LoadCheckState(string id, DateTimeOffset now)
    {
        if (_checkStateDir is null)
        {
            return null;
        }

        var path = Path.Combine(_checkStateDir, FileName(id));
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var r = JsonSerializer.Deserialize(File.ReadAllText(path), CheckStateJson.Default.CheckStateRecord);
            if (r is not null && r.CheckId == id && r.Expires > now.ToUnixTimeMilliseconds())
            {
                return (r.Status, r.Output);
            }
        }
        catch (JsonException)
        {
        }

        File.Delete(path);
        return null;
    }

    public void RemoveCheckState(string id) => Delete(_checkStateDir, id);

    /// <summary>The persisted service definitions: (file, JSON).</summary>
    public IReadOnlyList<(string File, string Json)> Services() => ReadAll(_servicesDir);

    /// <summary>The persisted check definitions: (file, JSON).</summary>
    public IReadOnlyList<(string File, string Json)> Checks() => ReadAll(_checksDir);

    internal static string FileName(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static void Write(string? dir, string id, string json)
    {
        if (dir is null)
        {
            return;
        }

        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, FileName(id));
        var tmp = path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(Encoding.UTF8.GetBytes(json));
            f.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static void Delete(string? dir, string id)
    {
        // File.Delete ignores a missing file but not a missing directory (nothing was ever persisted).
        if (dir is not null && Directory.Exists(dir))
        {
            File.Delete(Path.Combine(dir, FileName(id)));
        }
    }

    private static List<(string File, string Json)> ReadAll(string? dir)
    {
        if (dir is null || !Directory.Exists(dir))
        {
            return [];
        }

        return Directory.EnumerateFiles(dir)
            .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToList();
    }
}
