using System.Net.Sockets;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// UDP check, as Consul's: send a datagram on a connected socket and wait for an answer until the timeout. An answer
/// or silence is passing; an ICMP "port unreachable" (surfacing as connection refused) is critical.
/// </summary>
internal sealed class UdpCheck(CheckContext context) : IntervalCheck(context, TimeSpan.FromSeconds(10))
{
    protected override string TimeoutOutput => $"UDP connect {Context.Definition.Udp}: Success";

    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var target = Context.Definition.Udp;
        if (!Endpoints.TrySplit(target, out var host, out var port))
        {
            return new CheckResult(HealthStatus.Critical, $"dial udp {target}: address {target}: missing port in address");
        }

        using var client = new UdpClient();
        try
        {
            client.Connect(host, port);
            await client.SendAsync("ping"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            // Wait slightly less than the timeout so silence is reported as success, not as a timeout.
            using var wait = new CancellationTokenSource(Timeout * 0.9, Context.Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wait.Token);
            try
            {
                await client.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer within the timeout: the port did not refuse, Consul counts that as success.
            }
        }
        catch (SocketException ex)
        {
            return new CheckResult(HealthStatus.Critical, $"read udp {target}: {Endpoints.Describe(ex)}");
        }

        return new CheckResult(HealthStatus.Passing, $"UDP connect {target}: Success");
    }
}
