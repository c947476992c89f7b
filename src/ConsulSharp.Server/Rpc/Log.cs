using Microsoft.Extensions.Logging;

namespace ConsulSharp.Server.Rpc;

/// <summary>Server RPC log events (3500–3599).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "RPC listener started: address={Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Debug, Message = "raft connection through the RPC port ended: {Reason}")]
    public static partial void RaftConnectionEnded(ILogger logger, string reason);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Debug, Message = "forwarding write to the leader: leader={Leader} hops={Hops}")]
    public static partial void ForwardingApply(ILogger logger, string leader, int hops);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "RPC to the leader failed, retrying: leader={Leader} error={Error}")]
    public static partial void LeaderRpcFailed(ILogger logger, string leader, string error);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "RPC failed to server {Server}: {Error}")]
    public static partial void ServerRpcFailed(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Debug, Message = "server list changed: servers={Servers}")]
    public static partial void ServersChanged(ILogger logger, string servers);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "Failed querying for service in datacenter: service={Service} datacenter={Datacenter} error={Error}")]
    public static partial void FailoverQueryFailed(ILogger logger, string service, string datacenter, string error);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Debug, Message = "Skipping unknown datacenter in prepared query: datacenter={Datacenter}")]
    public static partial void FailoverUnknownDatacenter(ILogger logger, string datacenter);
}
