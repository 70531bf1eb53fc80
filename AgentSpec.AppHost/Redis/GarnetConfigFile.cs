using System.Text.Json;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// The Garnet configuration (GarnetConf JSON, imported with <c>--config-import-path</c>): loopback only,
/// password authentication, Lua, and an append-only log committed before each reply is sent
/// (<c>WaitForCommit</c>) and replayed on start (<c>Recover</c>).
/// </summary>
public static class GarnetConfigFile
{
    public static string Render(string dataDirectory, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("Address", "127.0.0.1");
            json.WriteString("AuthenticationMode", "Password");
            json.WriteString("Password", password);
            json.WriteString("CheckpointDir", Path.Combine(dataDirectory, "checkpoints"));
            json.WriteBoolean("EnableAOF", true);
            json.WriteNumber("CommitFrequencyMs", 0);
            json.WriteBoolean("WaitForCommit", true);
            json.WriteBoolean("Recover", true);
            json.WriteBoolean("EnableLua", true);

            // The native device needs libaio, which many Linux machines (Debian 12) lack.
            json.WriteString("DeviceType", "RandomAccess");
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
