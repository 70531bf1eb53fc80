using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentSpec.Core.RuntimeApi;

namespace AgentSpec.Cli.Output;

/// <summary>JSON of the runtime commands (<c>agents</c>, <c>sessions</c>), in snake_case like the runtime API.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IReadOnlyList<AgentSummary>))]
[JsonSerializable(typeof(SessionCreatedResponse))]
[JsonSerializable(typeof(ChatReplyResponse))]
[JsonSerializable(typeof(MessagePageResponse))]
[JsonSerializable(typeof(SessionListResponse))]
internal sealed partial class CliRuntimeJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but quotes, &lt; &gt; &amp; and non-ASCII text stay readable: this JSON is printed, not embedded in HTML.</summary>
    public static CliRuntimeJsonContext Relaxed { get; } = new(new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
