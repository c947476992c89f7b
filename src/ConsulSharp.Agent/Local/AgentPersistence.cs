using System.Security.Cryptography;
using System.Text;

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

    public AgentPersistence(ConsulAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!agent.Config.DevMode && agent.Config.DataDir is { Length: > 0 } dir)
        {
            _servicesDir = Path.Combine(dir, "services");
            _checksDir = Path.Combine(dir, "checks");
        }
    }

    public bool Enabled => _servicesDir is not null;

    public void SaveService(string id, string json) => Write(_servicesDir, id, json);

    public void RemoveService(string id) => Delete(_servicesDir, id);

    public void SaveCheck(string id, string json) => Write(_checksDir, id, json);

    public void RemoveCheck(string id) => Delete(_checksDir, id);

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
