using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;

namespace AgentSpec.Runtime.Tools;

/// <summary>Reads the lowered <c>tool</c> attributes of a skill (docs/intentlang.md, "skill").</summary>
internal static class ToolAttributes
{
    public static string? Text(JsonObject tool, string name) =>
        tool.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    public static IReadOnlyList<string> List(JsonObject tool, string name) =>
        tool.TryGetPropertyValue(name, out var node) && node is JsonArray array
            ? array.Select(item => item?.ToString() ?? string.Empty).ToList()
            : [];

    public static IReadOnlyList<KeyValuePair<string, string>> Map(JsonObject tool, string name) =>
        tool.TryGetPropertyValue(name, out var node) && node is JsonObject map
            ? map.Select(entry => KeyValuePair.Create(entry.Key, entry.Value?.ToString() ?? string.Empty)).ToList()
            : [];

    /// <summary>The tool's <c>timeout</c>, or <paramref name="fallback"/> when it declares none.</summary>
    public static TimeSpan Timeout(JsonObject tool, TimeSpan fallback) =>
        IntentLangDuration.TryParse(Text(tool, "timeout"), out var timeout) && timeout > TimeSpan.Zero ? timeout : fallback;

    /// <summary>"1.5s" rather than "00:00:01.5000000".</summary>
    public static string Describe(TimeSpan duration) =>
        duration.TotalSeconds >= 1 ? $"{duration.TotalSeconds:0.###}s" : $"{duration.TotalMilliseconds:0}ms";
}
