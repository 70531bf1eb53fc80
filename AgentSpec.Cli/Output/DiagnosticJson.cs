using System.Text.Json.Serialization;

namespace AgentSpec.Cli.Output;

/// <summary>One diagnostic of <c>validate --output json</c>.</summary>
public sealed record DiagnosticJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("column")] int Column,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hint")] string? Hint);
