using System.Net.Sockets;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>TCP check: a connection that opens is passing, anything else critical. Default timeout 10 s.</summary>
internal sealed class TcpCheck(CheckContext context) : IntervalCheck(context, TimeSpan.FromSeconds(10))
{
    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var target = Context.Definition.Tcp;
        if (!Endpoints.TrySplit(target, out var host, out var port))
        {
            return new CheckResult(HealthStatus.Critical, $"dial tcp {target}: address {target}: missing port in address");
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return new CheckResult(HealthStatus.Critical, $"dial tcp {target}: {Endpoints.Describe(ex)}");
        }

        return new CheckResult(HealthStatus.Passing, $"TCP connect {target}: Success");
    }
}
