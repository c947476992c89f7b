using System.Globalization;
using System.Net.Sockets;

namespace ConsulSharp.Agent.Checks;

/// <summary>Go-style <c>host:port</c> parsing and socket error texts.</summary>
internal static class Endpoints
{
    public static bool TrySplit(string target, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = target.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        host = target[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            host = "localhost";
        }

        return int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }

    public static string Describe(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connect: connection refused",
        SocketError.TimedOut => "i/o timeout",
        SocketError.HostNotFound => "no such host",
        SocketError.NetworkUnreachable => "connect: network is unreachable",
        _ => ex.Message,
    };
}
