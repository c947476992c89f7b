using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Routing;

internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Request finished: method={Method} url={Url} from={Remote} latency={Latency}")]
    public static partial void RequestFinished(ILogger logger, string method, string url, string remote, string latency);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Request error: method={Method} url={Url} from={Remote} error={Error}")]
    public static partial void RequestError(ILogger logger, string method, string url, string remote, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Unexpected failure serving request: method={Method} url={Url}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string url);
}
