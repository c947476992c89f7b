using System.Diagnostics;

namespace ConsulSharp.Core.Processes;

/// <summary>
/// How Consul starts user commands (its <c>ExecScript</c>/<c>ExecSubprocess</c>): a command line through
/// <c>$SHELL -c</c> (<c>/bin/sh</c> when unset), or an argument vector run directly. Used by <c>consul lock</c>,
/// <c>consul watch</c>, the agent's watch handlers and remote exec. Only the start info: callers choose redirection.
/// </summary>
public static class Subprocess
{
    /// <summary>The shell Consul would use: <paramref name="shellEnv"/> (the <c>SHELL</c> variable) or <c>/bin/sh</c>.</summary>
    public static string ShellPath(string? shellEnv) => shellEnv is { Length: > 0 } s ? s : "/bin/sh";

    /// <summary><c>$SHELL -c &lt;script&gt;</c>.</summary>
    public static ProcessStartInfo Shell(string script, string? shellEnv)
    {
        var psi = new ProcessStartInfo(ShellPath(shellEnv)) { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        return psi;
    }

    /// <summary><c>args[0] args[1..]</c>, no shell.</summary>
    public static ProcessStartInfo Direct(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var psi = new ProcessStartInfo(args[0]) { UseShellExecute = false };
        foreach (var a in args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }
}
