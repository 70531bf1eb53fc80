using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Redis resource '{ResourceName}' runs {Server}: {Reason}. Data: {DataLocation}")]
    public static partial void RedisServerChosen(ILogger logger, string resourceName, string server, string reason, string dataLocation);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Wrote {ConfigurationFile} (mode 0600) for {Server}")]
    public static partial void ConfigurationWritten(ILogger logger, string configurationFile, string server);
}
