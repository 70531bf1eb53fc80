using System.Text.Json.Serialization;

namespace AgentSpec.Cli.Output;

/// <summary>How a failure looks under <c>--output json</c>.</summary>
public sealed record ErrorJson(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hint")] string? Hint,
    [property: JsonPropertyName("exit_code")] int ExitCode);
