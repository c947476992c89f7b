namespace ConsulSharp.Hosting;

/// <summary>A subsystem that adds or fills sections of the agent stats (raft, serf_lan, consul.leader ...).</summary>
public interface IStatsContributor
{
    void Contribute(Dictionary<string, Dictionary<string, string>> stats);
}
