using System.Diagnostics;
using System.Text;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>Runs <c>ScriptArgs</c> (no shell): exit 0 is passing, 1 warning, anything else critical. Default timeout 30 s.</summary>
internal sealed class ScriptCheck(CheckContext context, IReadOnlyList<string> args) : IntervalCheck(context, TimeSpan.FromSeconds(30))
{
    public Task<CheckResult> ProbeOnceAsync(CancellationToken cancellationToken) => ProbeAsync(cancellationToken);

    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(args[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args.Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new CheckResult(HealthStatus.Critical, $"Failed to invoke: {ex.Message}");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw;
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        text = CheckOutput.TruncateTail(text, Context.MaxOutput);
        var status = process.ExitCode switch
        {
            0 => HealthStatus.Passing,
            1 => HealthStatus.Warning,
            _ => HealthStatus.Critical,
        };
        return new CheckResult(status, text);
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }
}
