using ConsulSharp.Agent.Config;

namespace ConsulSharp.Hosting;

/// <summary>What a reload may change at runtime, and what needs a restart (reported, never silently dropped).</summary>
internal static class ReloadDiff
{
    public static IReadOnlyList<string> NotReloadable(RuntimeConfig a, RuntimeConfig b)
    {
        var list = new List<string>();
        void Check<T>(string name, T x, T y)
        {
            if (!EqualityComparer<T>.Default.Equals(x, y))
            {
                list.Add(name);
            }
        }

        Check("node_name", a.NodeName, b.NodeName);
        Check("datacenter", a.Datacenter, b.Datacenter);
        Check("server", a.ServerMode, b.ServerMode);
        Check("data_dir", a.DataDir, b.DataDir);
        Check("bind_addr", a.BindAddr.ToString(), b.BindAddr.ToString());
        Check("client_addr", string.Join(' ', a.ClientAddrs), string.Join(' ', b.ClientAddrs));
        Check("ports.http", a.HttpPort, b.HttpPort);
        Check("ports.dns", a.DnsPort, b.DnsPort);
        Check("ports.server", a.ServerPort, b.ServerPort);
        Check("ports.serf_lan", a.SerfLanPort, b.SerfLanPort);
        Check("ports.serf_wan", a.SerfWanPort, b.SerfWanPort);
        Check("domain", a.Domain, b.Domain);
        Check("encrypt", a.EncryptKey, b.EncryptKey);
        Check("log_file", a.LogFile, b.LogFile);
        Check("log_json", a.LogJson, b.LogJson);
        return list;
    }

    /// <summary>The next config with every non-reloadable setting kept at its running value.</summary>
    public static RuntimeConfig ApplyReloadable(RuntimeConfig current, RuntimeConfig next) => next with
    {
        NodeName = current.NodeName,
        Datacenter = current.Datacenter,
        ServerMode = current.ServerMode,
        DataDir = current.DataDir,
        BindAddr = current.BindAddr,
        ClientAddrs = current.ClientAddrs,
        HttpPort = current.HttpPort,
        DnsPort = current.DnsPort,
        ServerPort = current.ServerPort,
        SerfLanPort = current.SerfLanPort,
        SerfWanPort = current.SerfWanPort,
        Domain = current.Domain,
        EncryptKey = current.EncryptKey,
        LogFile = current.LogFile,
        LogJson = current.LogJson,
    };
}
