namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>How one <c>agentspec</c> run ended.</summary>
public sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
