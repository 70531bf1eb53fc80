using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Errors;

internal static partial class ErrorLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Unhandled failure serving {Method} {Path} (trace id {TraceId})")]
    public static partial void Unhandled(ILogger logger, string method, string path, string traceId, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Store unavailable while serving {Method} {Path}: {Reason}")]
    public static partial void StoreUnavailable(ILogger logger, string method, string path, string reason, Exception exception);
}
