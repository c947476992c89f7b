namespace ConsulSharp.Agent.Config;

/// <summary>
/// Reads service and check definitions from one file's text with the agent-config rules (for
/// <c>consul services register</c> and similar): <c>service</c>/<c>services</c> and <c>check</c>/<c>checks</c> keys,
/// validated as the agent validates them. Other agent keys are rejected as <c>invalid config key</c>, as Consul does.
/// </summary>
public static class ConfigDefinitions
{
    /// <param name="name">File name used in messages; its extension picks the format when <paramref name="format"/> is null
    /// (<c>.json</c>, else HCL; text starting with <c>{</c> is JSON either way).</param>
    /// <param name="data">The file's text.</param>
    /// <param name="format"><c>json</c>, <c>hcl</c> or null.</param>
    public static (IReadOnlyList<ServiceDefinition> Services, IReadOnlyList<CheckDefinition> Checks) Parse(string name, string data, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        format ??= name.EndsWith(".json", StringComparison.Ordinal) || data.TrimStart().StartsWith('{') ? "json" : "hcl";
        var errors = new List<string>();
        var tree = ConfigLoader.Parse(new ConfigSource(name, format, data), errors);
        if (tree is not null)
        {
            foreach (var key in tree.Keys)
            {
                if (key is not ("services" or "checks"))
                {
                    errors.Add($"failed to parse {name}: 1 error occurred:\n\t* invalid config key {key}\n\n");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join("\n", errors));
        }

        return RuntimeConfigBuilder.BuildDefinitions(new ConfigTree(tree!));
    }
}
