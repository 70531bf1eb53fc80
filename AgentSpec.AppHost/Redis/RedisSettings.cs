using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Redis;

/// <summary>The AppHost's Redis configuration (<c>AgentSpec:Redis:*</c>).</summary>
/// <param name="Mode">Which server to run (<c>AgentSpec:Redis:Mode</c>, default <c>auto</c>).</param>
/// <param name="DataDirectory">
/// Where an executable server keeps its data (<c>AgentSpec:Redis:DataDirectory</c>); null means
/// <c>.data/redis-server</c> or <c>.data/garnet</c> under the AppHost project directory.
/// </param>
public sealed record RedisSettings(RedisMode Mode, string? DataDirectory)
{
    public const string ModeKey = "AgentSpec:Redis:Mode";
    public const string DataDirectoryKey = "AgentSpec:Redis:DataDirectory";

    public static RedisSettings FromConfiguration(IConfiguration configuration, string appHostDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var modeText = configuration[ModeKey];
        var mode = ParseMode(modeText);
        var dataDirectory = configuration[DataDirectoryKey];
        return new RedisSettings(
            mode,
            string.IsNullOrWhiteSpace(dataDirectory) ? null : Path.GetFullPath(dataDirectory, appHostDirectory));
    }

    /// <summary>The data directory for <paramref name="kind"/>: the configured one, else a per-server default.</summary>
    public string DataDirectoryFor(RedisServerKind kind, string appHostDirectory) =>
        DataDirectory ?? Path.Combine(appHostDirectory, ".data", kind == RedisServerKind.Garnet ? "garnet" : "redis-server");

    public static RedisMode ParseMode(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "AUTO" => RedisMode.Auto,
        "CONTAINER" => RedisMode.Container,
        "EXECUTABLE" => RedisMode.Executable,
        "GARNET" => RedisMode.Garnet,
        _ => throw new InvalidOperationException(
            $"{ModeKey} is '{text}'; use auto, container, executable or garnet (e.g. --{ModeKey}=executable or the environment variable AgentSpec__Redis__Mode=executable)."),
    };
}
