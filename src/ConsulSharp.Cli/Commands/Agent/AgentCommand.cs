using System.Globalization;
using System.Runtime.InteropServices;
using ConsulSharp.Agent.Config;
using ConsulSharp.Core.Flags;
using ConsulSharp.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Cli.Commands.Agent;

/// <summary>
/// <c>consul agent</c>: builds the runtime config, prints Consul's banner, runs the agent until a signal or a leave,
/// and shuts down in Consul's order with Consul's exit codes. SIGHUP reloads the configuration.
/// </summary>
public sealed partial class AgentCommand : ICommand
{
    public string Name => "agent";

    public string Synopsis => "Runs a Consul agent";

    public string Help => "Usage: consul agent [options]\n\n  Starts the Consul agent and runs until an interrupt is received. The\n  agent represents a single node in a cluster.\n\n" + new AgentFlags().Set.Usage().TrimEnd();

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var flags = new AgentFlags();
        try
        {
            flags.Parse(args);
        }
        catch (FlagHelpException)
        {
            await context.Err.WriteLineAsync(Help).ConfigureAwait(false);
            return 0;
        }
        catch (FlagParseException ex)
        {
            await context.Err.WriteLineAsync($"==> error parsing flags: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (flags.Set.Remaining.Count > 0)
        {
            await context.Err.WriteLineAsync($"==> Unexpected extra arguments: [{string.Join(' ', flags.Set.Remaining)}]").ConfigureAwait(false);
            return 1;
        }

        RuntimeConfig config;
        try
        {
            config = RuntimeConfigBuilder.Build(flags);
        }
        catch (ConfigException ex)
        {
            await context.Err.WriteLineAsync($"==> {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        if (!config.LogJson)
        {
            await context.Out.WriteLineAsync("==> Starting Consul agent...").ConfigureAwait(false);
        }

        AgentHost host;
        try
        {
            host = await AgentHost.StartAsync(config, new AgentHostOptions
            {
                LogOutput = context.Out,
                Reload = () => RuntimeConfigBuilder.Build(Reparse(args)),
                BeforeLogging = config.LogJson ? null : (nodeId => WriteBanner(context.Out, config, nodeId)),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentStartException ex)
        {
            await context.Err.WriteLineAsync($"==> Error starting agent: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (ConfigException ex)
        {
            await context.Err.WriteLineAsync($"==> {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            return await WaitForSignalsAsync(host, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AgentFlags Reparse(IReadOnlyList<string> args)
    {
        var f = new AgentFlags();
        f.Parse(args);
        return f;
    }

    private static async Task<int> WaitForSignalsAsync(AgentHost host, CancellationToken cancellationToken)
    {
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("agent");
        var signals = System.Threading.Channels.Channel.CreateUnbounded<PosixSignal>();
        void Handler(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            signals.Writer.TryWrite(ctx.Signal);
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handler);
        _ = host.StopRequested.ContinueWith(_ => signals.Writer.TryWrite((PosixSignal)0), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        while (true)
        {
            PosixSignal sig;
            try
            {
                sig = await signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 0;
            }

            if (sig == PosixSignal.SIGHUP)
            {
                LogCaught(log, "hangup");
                try
                {
                    await host.ReloadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ConfigException or FlagParseException or IOException)
                {
                    LogReloadFailed(log, ex.Message);
                }

                continue;
            }

            if (sig == 0)
            {
                // A leave through the API: the agent already left; shut down cleanly.
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                LogExitCode(log, 0);
                return 0;
            }

            var name = sig == PosixSignal.SIGINT ? "interrupt" : "terminated";
            LogCaught(log, name);
            var cfg = host.Agent.Config;
            var graceful = sig == PosixSignal.SIGINT ? !cfg.SkipLeaveOnInterrupt : cfg.LeaveOnTerminate;
            if (!graceful)
            {
                LogGracefulDisabled(log);
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                LogExitCode(log, 1);
                return 1;
            }

            LogGracefulShutdown(log);
            var stop = LeaveThenStopAsync(host);
            var second = signals.Reader.ReadAsync(CancellationToken.None).AsTask();
            var done = await Task.WhenAny(stop, second, Task.Delay(TimeSpan.FromSeconds(15), CancellationToken.None)).ConfigureAwait(false);
            if (done == stop)
            {
                LogGracefulExit(log);
                LogExitCode(log, 0);
                return 0;
            }

            if (done == second)
            {
                LogSecondSignal(log, (await second.ConfigureAwait(false)).ToString());
            }
            else
            {
                LogLeaveTimeout(log);
            }

            LogExitCode(log, 1);
            return 1;
        }
    }

    private static async Task LeaveThenStopAsync(AgentHost host)
    {
        await host.LeaveAsync(CancellationToken.None).ConfigureAwait(false);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    internal static void WriteBanner(TextWriter output, RuntimeConfig c, string nodeId)
    {
        static string L(string label) => label.PadLeft(17) + ": ";
        string P(int port) => port.ToString(CultureInfo.InvariantCulture);
        output.WriteLine("    " + L("Version") + $"'{VersionInfo.Version}'");
        output.WriteLine("    " + L("Build Date") + "'2025-10-01 00:00:00 +0000 UTC'");
        output.WriteLine("    " + L("Node ID") + $"'{nodeId}'");
        output.WriteLine("    " + L("Node name") + $"'{c.NodeName}'");
        output.WriteLine("    " + L("Datacenter") + $"'{c.Datacenter}' (Segment: '{(c.ServerMode ? "<all>" : "")}')");
        output.WriteLine("    " + L("Server") + $"{(c.ServerMode ? "true" : "false")} (Bootstrap: {(c.Bootstrap ? "true" : "false")})");
        output.WriteLine("    " + L("Client Addr") + $"[{string.Join(' ', c.ClientAddrs)}] (HTTP: {P(c.HttpPort)}, HTTPS: {P(c.HttpsPort)}, gRPC: {P(c.GrpcPort)}, gRPC-TLS: -1, DNS: {P(c.DnsPort)})");
        output.WriteLine("    " + L("Cluster Addr") + $"{c.AdvertiseAddr} (LAN: {P(c.SerfLanPort)}, WAN: {P(c.SerfWanPort)})");
        output.WriteLine("    " + L("Gossip Encryption") + (string.IsNullOrEmpty(c.EncryptKey) ? "false" : "true"));
        output.WriteLine("    " + L("Auto-Encrypt-TLS") + "false");
        output.WriteLine("    " + L("ACLs Enabled") + (c.Acl.Enabled ? "true" : "false"));
        output.WriteLine("    " + L("HTTPS TLS") + $"Verify Incoming: {(c.HttpsTls.VerifyIncoming ? "true" : "false")}, Verify Outgoing: false, Min Version: {(c.HttpsTls.MinVersion is "TLSv1_3" or "tls13" ? "TLSv1_3" : "TLSv1_2")}");
        output.WriteLine("    " + L("gRPC TLS") + "Verify Incoming: false, Min Version: TLSv1_2");
        output.WriteLine("    " + L("Internal RPC TLS") + "Verify Incoming: false, Verify Outgoing: false (Verify Hostname: false), Min Version: TLSv1_2");
        output.WriteLine();
        output.WriteLine("==> Log data will now stream in as it occurs:");
        output.WriteLine();
        output.Flush();
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Caught: signal={Signal}")]
    private static partial void LogCaught(ILogger logger, string signal);

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "Reload config failed: error={Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Graceful shutdown disabled. Exiting")]
    private static partial void LogGracefulDisabled(ILogger logger);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Gracefully shutting down agent...")]
    private static partial void LogGracefulShutdown(ILogger logger);

    [LoggerMessage(EventId = 114, Level = LogLevel.Information, Message = "Graceful exit completed")]
    private static partial void LogGracefulExit(ILogger logger);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "Caught second signal, Exiting: signal={Signal}")]
    private static partial void LogSecondSignal(ILogger logger, string signal);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Timeout on graceful leave. Exiting")]
    private static partial void LogLeaveTimeout(ILogger logger);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "Exit code: code={Code}")]
    private static partial void LogExitCode(ILogger logger, int code);
}
