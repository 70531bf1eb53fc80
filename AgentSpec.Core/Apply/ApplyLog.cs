using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.Apply;

/// <summary>Apply events. EventIds 3100-3199 are reserved for the apply engine and never reused.</summary>
internal static partial class ApplyLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "{Operation} of package {Package} started: {Changes} change(s) to {Adapter}")]
    public static partial void Started(ILogger logger, string operation, string package, int changes, string adapter);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "{Fqn}: {Action} succeeded")]
    public static partial void ResourceSucceeded(ILogger logger, string fqn, string action);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{Fqn}: {Action} failed: {Error}")]
    public static partial void ResourceFailed(ILogger logger, string fqn, string action, string error);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "{Operation} of package {Package} finished: {Summary} (state serial {Serial})")]
    public static partial void Finished(ILogger logger, string operation, string package, string summary, long serial);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "{Operation} of package {Package} interrupted: {Summary}; {NotStarted} change(s) not started")]
    public static partial void Interrupted(ILogger logger, string operation, string package, string summary, int notStarted);
}
