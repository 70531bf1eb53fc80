namespace AgentSpec.Testing;

/// <summary>The outcome of one <c>agentspec</c> invocation, in process or as a process.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
