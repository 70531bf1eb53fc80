namespace AgentSpec.Core.CliContract;

/// <summary>The exit codes of <c>agentspec</c> (docs/cli.md, "Exit codes"). Scripts and the AppHost dashboard depend on these numbers.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int PlanHasChanges = 2;
    public const int StateLocked = 3;
    public const int StateCorrupted = 4;

    /// <summary>SIGINT (Ctrl-C) ended the command: 128 + 2, the shell convention.</summary>
    public const int InterruptedBySigint = 130;

    /// <summary>SIGTERM ended the command: 128 + 15, the shell convention.</summary>
    public const int TerminatedBySigterm = 143;
}
