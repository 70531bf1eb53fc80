namespace AgentSpec.Cli.Runtime;

// Request bodies and envelopes of the runtime API that callers never see.

internal sealed record AgentList(IReadOnlyList<DeployedAgentSummary> Agents);

internal sealed record ErrorBody(string? Error, string? Message);

internal sealed record CreateSessionBody(IReadOnlyDictionary<string, string>? Metadata);

internal sealed record SendMessageBody(string Message);

internal sealed record InvokeBody(string Message, string? SessionId);
