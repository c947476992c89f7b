namespace ConsulSharp.Agent.Config;

/// <summary>One config text to parse: a file, a <c>-hcl</c> fragment or a built-in profile.</summary>
internal sealed record ConfigSource(string Name, string Format, string Data);
