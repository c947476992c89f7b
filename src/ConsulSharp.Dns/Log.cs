using Microsoft.Extensions.Logging;

namespace ConsulSharp.Dns;

internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Warning, Message = "QName invalid: qname={Name}")]
    public static partial void InvalidName(ILogger logger, string name);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Skipping invalid node for NS records: node={Node}")]
    public static partial void SkippingNameServer(ILogger logger, string node);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "DNS response too large, truncated: protocol={Protocol} question={Question} records={Kept}/{Total} size={Size}")]
    public static partial void Truncated(ILogger logger, string protocol, string question, int kept, int total, int size);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "all resolvers failed for question from client: question={Question} client={Client}")]
    public static partial void RecursionFailed(ILogger logger, string question, string client);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "recurse failed: resolver={Resolver} error={Error}")]
    public static partial void RecursorError(ILogger logger, string resolver, string error);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "error handling DNS request")]
    public static partial void HandlerError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Trace, Message = "request served from client: name={Name} type={Type} class={Class} latency={Latency} client={Client} client_network={Network}")]
    public static partial void Served(ILogger logger, string name, ushort type, ushort @class, TimeSpan latency, string client, string network);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "DNS listener error: network={Network} error={Error}")]
    public static partial void ListenerError(ILogger logger, string network, string error);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "DNS read from the servers failed: path={Path} datacenter={Datacenter} error={Error}")]
    public static partial void RemoteReadFailed(ILogger logger, string path, string datacenter, string error);
}
