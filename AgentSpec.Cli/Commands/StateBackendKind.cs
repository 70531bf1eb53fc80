namespace AgentSpec.Cli.Commands;

/// <summary>Where a command's state lives (docs/cli.md, "State backends").</summary>
public enum StateBackendKind
{
    File,
    Redis,
}
