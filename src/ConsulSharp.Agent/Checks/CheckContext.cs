using ConsulSharp.Agent.Local;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Checks;

/// <summary>What a runner needs: its definition, the clock, a logger and where to report results.</summary>
internal sealed record CheckContext(string CheckId, CheckDefinition Definition, TimeProvider Time, ILogger Log, Action<string, string> Report)
{
    public int MaxOutput => CheckOutput.MaxSize(Definition.OutputMaxSize);
}
