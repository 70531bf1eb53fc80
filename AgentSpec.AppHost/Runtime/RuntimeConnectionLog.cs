using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Runtime;

internal static partial class RuntimeConnectionLog
{
    // The key is printed on purpose (issue 12: a terminal needs it); the AppHost's console is not exported as telemetry.
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "The runtime is ready. To use it from a terminal:\n{ConnectionInfo}")]
    public static partial void Ready(ILogger logger, string connectionInfo);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The runtime is ready, but its connection info could not be read: {Reason}")]
    public static partial void Unavailable(ILogger logger, string reason);
}
