using System.Net.Sockets;
using System.Text;

namespace ConsulSharp.Integration.Tests.Kv;

/// <summary>Sends a request line exactly as written (HttpClient would normalise <c>..</c> segments away).</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(Uri baseAddress, string method, string target, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, ct);
        var stream = tcp.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms, ct);
        var text = Encoding.UTF8.GetString(ms.ToArray());
        var status = int.Parse(text.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split >= 0 ? text[(split + 4)..] : "");
    }
}
