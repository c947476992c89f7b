namespace ConsulSharp.Agent.Checks;

/// <summary>One probe's outcome: a Consul status string and the (already truncated) output.</summary>
internal readonly record struct CheckResult(string Status, string Output);
