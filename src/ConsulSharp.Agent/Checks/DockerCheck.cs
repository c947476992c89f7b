namespace ConsulSharp.Agent.Checks;

/// <summary>
/// Docker check: runs <c>ScriptArgs</c> inside a container through <c>docker exec</c> (with <c>Shell</c>, default
/// <c>/bin/sh</c>). Registration is refused when no Docker daemon socket exists (see <see cref="DaemonSocket"/>).
/// </summary>
internal sealed class DockerCheck(CheckContext context)
    : IntervalCheck(context, TimeSpan.FromSeconds(30))
{
    private readonly ScriptCheck _exec = new(context,
    [
        "docker", "exec", context.Definition.DockerContainerId,
        context.Definition.Shell.Length > 0 ? context.Definition.Shell : "/bin/sh", "-c",
        string.Join(' ', context.Definition.ScriptArgs),
    ]);

    /// <summary>The daemon socket from <c>DOCKER_HOST</c> (unix only) or the default path, or null when absent.</summary>
    public static string? DaemonSocket()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var path = host is { Length: > 0 } h && h.StartsWith("unix://", StringComparison.Ordinal) ? h["unix://".Length..] : "/var/run/docker.sock";
        return File.Exists(path) || (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal)) ? path : null;
    }

    protected override Task<CheckResult> ProbeAsync(CancellationToken cancellationToken) => _exec.ProbeOnceAsync(cancellationToken);

    protected override ValueTask ReleaseResourcesAsync() => _exec.DisposeAsync();
}
