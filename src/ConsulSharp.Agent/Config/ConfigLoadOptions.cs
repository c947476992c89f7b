using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ConsulSharp.Agent.Config;

/// <summary>Environment seams for loading config (tests replace them).</summary>
public sealed record ConfigLoadOptions
{
    /// <summary>The default node name (Consul: the OS host name).</summary>
    public Func<string> HostName { get; init; } = Dns.GetHostName;

    /// <summary>Relative <c>-config-file</c>/<c>-config-dir</c>/<c>-data-dir</c> paths resolve against this; null means the current directory.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>
    /// The host's private IPv4 addresses, for the default advertise address (when bind is 0.0.0.0) and
    /// <c>{{ GetPrivateIP }}</c>. Consul requires exactly one.
    /// </summary>
    public Func<IReadOnlyList<IPAddress>> PrivateAddresses { get; init; } = DefaultPrivateAddresses;

    /// <summary>Extra sources appended after the <c>-hcl</c> fragments: (name, "hcl"|"json", text). For tests and embedding.</summary>
    public IReadOnlyList<(string Name, string Format, string Data)> ExtraSources { get; init; } = [];

    public static ConfigLoadOptions Default { get; } = new();

    internal static bool IsPrivate(IPAddress a)
    {
        if (a.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var b = a.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }

    private static List<IPAddress> DefaultPrivateAddresses()
    {
        var result = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }

            foreach (var ua in nic.GetIPProperties().UnicastAddresses)
            {
                if (IsPrivate(ua.Address) && !result.Contains(ua.Address))
                {
                    result.Add(ua.Address);
                }
            }
        }

        return result;
    }
}
