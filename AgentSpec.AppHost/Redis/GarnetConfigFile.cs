using System.Text.Json;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// The Garnet configuration (GarnetConf JSON, imported with <c>--config-import-path</c>): loopback only,
/// password authentication, Lua scripts that run atomically (<c>LuaTransactionMode</c>), and an append-only log committed before each reply is sent
/// (<c>WaitForCommit</c>) and replayed on start (<c>Recover</c>). The test launcher
/// (tests/AgentSpec.Testing) compiles this file too, so tests run Garnet exactly as durably as the AppHost.
/// </summary>
internal static class GarnetConfigFile
{
    /// <param name="dataDirectory">Where the checkpoints and the append-only log live.</param>
    /// <param name="password">
    /// The password clients must send; null (only the test launcher passes null) leaves authentication off.
    /// </param>
    public static string Render(string dataDirectory, string? password)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("Address", "127.0.0.1");
            if (password is null)
            {
                json.WriteString("AuthenticationMode", "NoAuth");
            }
            else
            {
                json.WriteString("AuthenticationMode", "Password");
                json.WriteString("Password", password);
            }

            json.WriteString("CheckpointDir", Path.Combine(dataDirectory, "checkpoints"));
            json.WriteBoolean("EnableAOF", true);
            json.WriteNumber("CommitFrequencyMs", 0);
            json.WriteBoolean("WaitForCommit", true);
            json.WriteBoolean("Recover", true);
            json.WriteBoolean("EnableLua", true);

            // Without it Garnet runs scripts side by side without locking their KEYS; the session store's
            // scripts (AgentSpec.Core RedisSessionScripts) must each be one atomic step, as on Redis.
            json.WriteBoolean("LuaTransactionMode", true);

            // The native device needs libaio, which many Linux machines (Debian 12) lack.
            json.WriteString("DeviceType", "RandomAccess");
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
