using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentSpec.Cli.Output;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ApplyJson))]
[JsonSerializable(typeof(IReadOnlyList<DiagnosticJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but quotes, &lt; &gt; &amp; and non-ASCII text stay readable: this JSON is printed, not embedded in HTML.</summary>
    public static CliJsonContext Relaxed { get; } = new(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
