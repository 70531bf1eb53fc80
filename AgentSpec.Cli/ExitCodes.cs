namespace AgentSpec.Cli;

/// <summary>The CLI contract (docs/cli.md, "Exit codes"). Scripts depend on these numbers.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int PlanHasChanges = 2;
    public const int StateLocked = 3;
    public const int StateCorrupted = 4;
}
