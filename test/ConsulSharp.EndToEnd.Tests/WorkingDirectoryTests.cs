using ConsulSharp.Testing;

namespace ConsulSharp.EndToEnd.Tests;

/// <summary>The agent does not watch the directory it was started in (ASP.NET's appsettings.json reload did).</summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task An_agent_started_in_a_directory_tree_puts_no_inotify_watch_on_it()
    {
        using var dir = new ScratchDirectory("cwd-tree");
        for (var i = 0; i < 50; i++)
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, $"d{i}", "sub"));
        }

        await using var agent = AgentProcess.Start(["agent", "-dev", "-http-port=0", "-dns-port=-1", "-node=cwd"], "cwd", workingDirectory: dir.Path);
        await agent.WaitForHttpAsync(TimeSpan.FromSeconds(30));
        await agent.WaitForOutputAsync("agent: Consul agent running!", TimeSpan.FromSeconds(10));

        // Every inotify watch of the process is an "inotify wd:" line in the fdinfo of an inotify descriptor.
        var watches = 0;
        foreach (var fd in Directory.EnumerateFiles($"/proc/{agent.Pid}/fdinfo"))
        {
            try
            {
                watches += File.ReadLines(fd).Count(l => l.StartsWith("inotify ", StringComparison.Ordinal));
            }
            catch (IOException)
            {
                // the descriptor closed while we read
            }
        }

        Assert.Equal(0, watches);
    }
}
