using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Hosting;

internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning,
        Message = "Anonymous access is allowed ({Setting}=true): anyone who can reach this runtime can deploy agents and read chat sessions. Set {EnvironmentVariable} to require an API key.")]
    public static partial void AnonymousAccess(ILogger logger, string setting, string environmentVariable);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{Setting}=true is ignored because an API key is configured; every request needs the key")]
    public static partial void AnonymousIgnored(ILogger logger, string setting);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "AgentSpec runtime {Version}: agents and sessions in {Store}, model {Model}")]
    public static partial void Configuration(ILogger logger, string store, string model, string version);
}
