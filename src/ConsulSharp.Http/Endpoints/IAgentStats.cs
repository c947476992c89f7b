namespace ConsulSharp.Http.Endpoints;

/// <summary>The <c>Stats</c> sections of <c>/v1/agent/self</c> (what <c>consul info</c> prints).</summary>
public interface IAgentStats
{
    Dictionary<string, Dictionary<string, string>> Stats();
}
