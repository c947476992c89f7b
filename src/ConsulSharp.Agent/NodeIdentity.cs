namespace ConsulSharp.Agent;

/// <summary>Node ID: from config, else from <c>&lt;data-dir&gt;/node-id</c>, else a new random UUID persisted there.</summary>
public static class NodeIdentity
{
    public static string Resolve(string? configured, string? dataDir)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Guid.TryParse(configured, out var parsed))
            {
                throw new Config.ConfigException($"node_id: invalid node ID \"{configured}\": must be a UUID");
            }

            return parsed.ToString();
        }

        if (dataDir is null)
        {
            return Guid.NewGuid().ToString();
        }

        var file = Path.Combine(dataDir, "node-id");
        if (File.Exists(file))
        {
            var text = File.ReadAllText(file).Trim();
            if (!Guid.TryParse(text, out var existing))
            {
                throw new Config.ConfigException($"Failed to parse node ID in \"{file}\": \"{text}\" is not a UUID");
            }

            return existing.ToString();
        }

        Directory.CreateDirectory(dataDir);
        var id = Guid.NewGuid().ToString();
        File.WriteAllText(file, id);
        return id;
    }
}
