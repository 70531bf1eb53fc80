using System.Globalization;
using System.Text;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// The <c>redis.conf</c> for an executable <c>redis-server</c>: loopback only, the password (kept out of the
/// command line, which the dashboard shows), and an append-only file fsynced on every write so that every
/// acknowledged write survives a crash or restart. The test launcher (tests/AgentSpec.Testing) compiles this
/// file too, so tests run redis-server exactly as durably as the AppHost.
/// </summary>
internal static class RedisServerConfigFile
{
    /// <param name="dataDirectory">Where the append-only file lives.</param>
    /// <param name="password">
    /// The password clients must send; null (only the test launcher passes null) leaves authentication off.
    /// </param>
    public static string Render(string dataDirectory, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var text = new StringBuilder();
        text.AppendLine("# Written by AgentSpec.AppHost before every start; edits are overwritten.");
        text.AppendLine("bind 127.0.0.1 -::1");
        text.AppendLine("protected-mode yes");
        text.AppendLine("daemonize no");
        text.AppendLine("logfile \"\"");
        text.AppendLine(CultureInfo.InvariantCulture, $"dir \"{dataDirectory}\"");
        text.AppendLine("appendonly yes");
        text.AppendLine("appendfsync always");
        text.AppendLine("appendfilename \"appendonly.aof\"");

        // The AOF alone is the durable record; RDB snapshots would only add fork pauses.
        text.AppendLine("save \"\"");
        if (password is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"requirepass \"{password}\"");
        }

        return text.ToString();
    }
}
