namespace AgentSpec.Compatibility.Tests;

/// <summary>The outcome of one agentspec invocation.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr);
