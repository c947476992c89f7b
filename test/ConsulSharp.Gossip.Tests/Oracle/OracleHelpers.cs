using System.Net;
using ConsulSharp.Gossip.Membership;
using ConsulSharp.Gossip.Serf;
using ConsulSharp.Gossip.Wire;

namespace ConsulSharp.Gossip.Tests.Oracle;

internal static class OracleHelpers
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static void SkipWithoutSerf()
    {
        if (!SerfAgent.Available)
        {
            Assert.Skip("serf binary not installed (apt-get install serf)");
        }
    }

    /// <summary>Our pool on 127.0.0.1 with a free port and the Local profile (fast, same as serf -profile=local).</summary>
    public static Task<SerfPool> StartPoolAsync(string name, Dictionary<string, string>? tags = null, Keyring? keyring = null, byte protocol = 4, MemberlistOptions? profile = null) =>
        SerfPool.StartAsync(new SerfOptions
        {
            NodeName = name,
            BindAddress = IPAddress.Loopback,
            BindPort = 0,
            Tags = tags ?? [],
            Keyring = keyring,
            Memberlist = profile ?? MemberlistOptions.Local,
            ProtocolVersion = protocol,
            LeavePropagateDelay = TimeSpan.FromMilliseconds(300),
        });

    public static string[] SerfArgs(params string[] extra) => ["-profile=local", .. extra];

    public static async Task<bool> SerfSeesAsync(SerfAgent agent, string node, string status)
    {
        var members = await agent.MembersAsync();
        return members.Any(m => m.Name == node && m.Status == status);
    }

    public static bool WeSee(SerfPool pool, string node, MemberStatus status) => pool.Members().Any(m => m.Name == node && m.Status == status);

    public static string Describe(SerfPool pool, SerfAgent agent) =>
        "ours: " + string.Join(", ", pool.Members().Select(m => $"{m.Name}={m.Status}")) + "\nserf log:\n" + string.Join('\n', agent.Output.Split('\n').TakeLast(40));
}
