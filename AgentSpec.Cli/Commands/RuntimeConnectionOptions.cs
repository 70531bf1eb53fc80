namespace AgentSpec.Cli.Commands;

/// <summary>How to reach the runtime: explicit <c>--runtime-url</c>/<c>--api-key</c> values, resolved later with the environment.</summary>
public sealed record RuntimeConnectionOptions(string? RuntimeUrl, string? ApiKey);
