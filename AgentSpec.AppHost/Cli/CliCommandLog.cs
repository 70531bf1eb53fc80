using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Cli;

internal static partial class CliCommandLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Dashboard command {Command}: agentspec {Arguments}")]
    public static partial void Starting(ILogger logger, string command, string arguments);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Dashboard command {Command} exited with code {ExitCode}")]
    public static partial void Finished(ILogger logger, string command, int exitCode);
}
