namespace ConsulSharp.Agent.Config;

/// <summary>
/// The outcome of re-reading config: the new config, and the settings (Consul key names, e.g. <c>ports.http</c>) that
/// changed but only take effect after a restart; the agent keeps their old values and reports them.
/// </summary>
public sealed record ReloadResult(RuntimeConfig Config, IReadOnlyList<string> NonReloadableChanges, IReadOnlyList<string> Warnings);
