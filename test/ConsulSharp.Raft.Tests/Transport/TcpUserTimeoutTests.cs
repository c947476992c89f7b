using System.Net;
using System.Net.Sockets;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Transport;

/// <summary>
/// Outbound Raft connections carry TCP_USER_TIMEOUT, so a connection whose packets were silently dropped (a network
/// partition) fails and is reopened instead of waiting for TCP's backed-off retransmission long after the network
/// healed. The end-to-end effect is checked by the network-namespace partition tests.
/// </summary>
public sealed class TcpUserTimeoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(5000)]
    [InlineData(1234)]
    public async Task Outbound_connections_set_tcp_user_timeout(int ms)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "TCP_USER_TIMEOUT is Linux-only");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var transport = new TcpRaftTransport("127.0.0.1:1") { UserTimeout = TimeSpan.FromMilliseconds(ms) };
        using var client = await transport.ConnectAsync(listener.LocalEndpoint.ToString()!, Ct);
        var value = new byte[4];
        Assert.Equal(4, client.Client.GetRawSocketOption(6, 18, value));
        Assert.Equal(ms, BitConverter.ToInt32(value));
    }
}
