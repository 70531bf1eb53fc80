using Microsoft.Extensions.Logging;

namespace AgentSpec.ServiceDefaults.Tests;

internal static partial class TestLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Lock acquired {Path} {LockId}")]
    public static partial void LockAcquired(ILogger logger, string path, string lockId);
}
