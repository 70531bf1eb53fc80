using System.Text.Json.Serialization;

namespace AgentSpec.Cli.Output;

/// <summary>The result of <c>apply</c>/<c>destroy</c> under <c>--output json</c>.</summary>
public sealed record ApplyJson(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("deploy")] string Deploy,
    [property: JsonPropertyName("summary")] ApplySummaryJson Summary,
    [property: JsonPropertyName("resources")] IReadOnlyList<ApplyResourceJson> Resources,
    [property: JsonPropertyName("serial")] long Serial);

public sealed record ApplySummaryJson(
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("updated")] int Updated,
    [property: JsonPropertyName("deleted")] int Deleted,
    [property: JsonPropertyName("failed")] int Failed);

public sealed record ApplyResourceJson(
    [property: JsonPropertyName("fqn")] string Fqn,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("error")] string? Error);
