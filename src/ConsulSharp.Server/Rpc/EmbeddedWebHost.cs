using Microsoft.AspNetCore.Builder;

namespace ConsulSharp.Server.Rpc;

/// <summary>The options of every ASP.NET Core host inside the agent (HTTP API, server RPC).</summary>
public static class EmbeddedWebHost
{
    /// <summary>
    /// No configuration files and no file watching: the agent is configured by its own flags and files, never by an
    /// <c>appsettings.json</c>. ASP.NET's default watches the content root (the working directory) recursively for
    /// those files; an agent started in <c>/</c> put an inotify watch on every directory of the machine (24,000 here)
    /// and had a thread reacting to every file written anywhere under its working directory.
    /// </summary>
    public static WebApplicationOptions Options() => new()
    {
        Args = ["--hostBuilder:reloadConfigOnChange=false"],
        EnvironmentName = "Production",
        ContentRootPath = AppContext.BaseDirectory,
    };
}
