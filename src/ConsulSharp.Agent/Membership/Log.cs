using Microsoft.Extensions.Logging;

namespace ConsulSharp.Agent.Membership;

/// <summary>Agent gossip logs (logger <c>agent</c>, Consul's texts), event ids 2500-2599.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Information, Message = "({Pool}) joining: {Key}=[{Addresses}]")]
    public static partial void Joining(ILogger logger, string pool, string key, string addresses);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "({Pool}) joined: number_of_nodes={Count}")]
    public static partial void Joined(ILogger logger, string pool, int count);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Warning, Message = "({Pool}) couldn't join: number_of_nodes=0 error=\"{Error}\"")]
    public static partial void JoinFailed(ILogger logger, string pool, string error);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "Retry join is supported for the following discovery methods: cluster={Pool} discovery_methods=\"{Methods}\"")]
    public static partial void RetryJoinMethods(ILogger logger, string pool, string methods);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Information, Message = "Joining cluster...: cluster={Pool}")]
    public static partial void JoiningCluster(ILogger logger, string pool);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Information, Message = "Join cluster completed. Synced with initial agents: cluster={Pool} num_agents={Count}")]
    public static partial void JoinCompleted(ILogger logger, string pool, int count);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Join cluster failed, will retry: cluster={Pool} retry_interval={Interval} error=\"{Error}\"")]
    public static partial void JoinRetry(ILogger logger, string pool, string interval, string error);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Error, Message = "max join {Pool} retry exhausted, exiting")]
    public static partial void JoinRetryExhausted(ILogger logger, string pool);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Information, Message = "Requesting leave: pool={Pool}")]
    public static partial void Leaving(ILogger logger, string pool);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Error, Message = "failed to leave the {Pool} pool: error=\"{Error}\"")]
    public static partial void LeaveFailed(ILogger logger, string pool, string error);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Information, Message = "Force leaving node: node={Node}")]
    public static partial void ForceLeaving(ILogger logger, string node);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Error, Message = "Failed to decode event: {Error}")]
    public static partial void EventDecodeFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Debug, Message = "new event: {Name} ({Id})")]
    public static partial void NewEvent(ILogger logger, string name, string id);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Warning, Message = "Event version {Version} may have unsupported features ({Name})")]
    public static partial void EventVersion(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 2514, Level = LogLevel.Error, Message = "gossip event loop failed")]
    public static partial void EventLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2515, Level = LogLevel.Information, Message = "Started gossip pool: pool={Pool} address={Address}")]
    public static partial void PoolStarted(ILogger logger, string pool, string address);

    [LoggerMessage(EventId = 2516, Level = LogLevel.Warning, Message = " keyring doesn't include key provided with -encrypt, using keyring: keyring={Pool}")]
    public static partial void KeyringFileWins(ILogger logger, string pool);

    [LoggerMessage(EventId = 2517, Level = LogLevel.Error, Message = "Failed to write the keyring file: file={File} error=\"{Error}\"")]
    public static partial void KeyringWriteFailed(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 2518, Level = LogLevel.Warning, Message = "ignoring the user event {Name} from {Node}: {Reason}")]
    public static partial void EventFiltered(ILogger logger, string name, string node, string reason);

    [LoggerMessage(EventId = 2519, Level = LogLevel.Information, Message = "{Role} starting leave")]
    public static partial void StartingLeave(ILogger logger, string role);

    [LoggerMessage(EventId = 2520, Level = LogLevel.Information, Message = "ignoring remote exec event, disabled.: event_name={Name} event_id={Id}")]
    public static partial void RemoteExecDisabled(ILogger logger, string name, string id);
}
