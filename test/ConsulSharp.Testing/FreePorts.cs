using System.Net;
using System.Net.Sockets;

namespace ConsulSharp.Testing;

/// <summary>
/// Ports free for both TCP and UDP on loopback (gossip and DNS use both), chosen by the OS and released together,
/// so one call never returns the same port twice.
/// </summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var held = new List<IDisposable>();
        var ports = new List<int>();
        try
        {
            var attempts = 0;
            while (ports.Count < count)
            {
                if (++attempts > count * 50)
                {
                    throw new InvalidOperationException("could not find free TCP+UDP ports on 127.0.0.1");
                }

                var tcp = new TcpListener(IPAddress.Loopback, 0);
                tcp.Start();
                held.Add(tcp.Server);
                var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
                var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                }
                catch (SocketException)
                {
                    udp.Dispose();
                    continue;
                }

                held.Add(udp);
                ports.Add(port);
            }

            return [.. ports];
        }
        finally
        {
            foreach (var h in held)
            {
                h.Dispose();
            }
        }
    }
}
