using System.Text.Json.Nodes;

namespace AgentSpec.Testing;

/// <summary>
/// Lightens the AppHost's durable configuration (which is <see cref="RedisPersistence.Always"/>) for the
/// benchmark's other persistence choices; everything else (bind address, password, Lua) stays as rendered.
/// </summary>
internal static class RedisPersistenceSettings
{
    /// <summary>redis.conf: a later directive overrides an earlier one.</summary>
    public static string ApplyToRedisServer(string configuration, RedisPersistence persistence) => persistence switch
    {
        RedisPersistence.Always => configuration,
        RedisPersistence.EverySecond => configuration + "appendfsync everysec\n",
        _ => configuration + "appendonly no\n",
    };

    /// <summary>GarnetConf JSON: the append-only log committed every second, or none at all.</summary>
    public static string ApplyToGarnet(string configuration, RedisPersistence persistence)
    {
        if (persistence == RedisPersistence.Always)
        {
            return configuration;
        }

        var settings = JsonNode.Parse(configuration)!.AsObject();
        settings["WaitForCommit"] = false;
        if (persistence == RedisPersistence.EverySecond)
        {
            settings["CommitFrequencyMs"] = 1000;
        }
        else
        {
            settings["EnableAOF"] = false;
            settings["Recover"] = false;
        }

        return settings.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
