namespace AgentSpec.AppHost.Cli;

/// <summary>The <c>agentspec</c> exit codes (docs/cli.md, "Exit codes"), in words for the dashboard.</summary>
public static class CliExitCodes
{
    public const int Success = 0;
    public const int Error = 1;
    public const int PlanHasChanges = 2;
    public const int StateLocked = 3;
    public const int StateCorrupted = 4;

    public static string Describe(int exitCode) => exitCode switch
    {
        Success => "succeeded",
        Error => "failed",
        PlanHasChanges => "succeeded: the plan has changes",
        StateLocked => "failed: the state is locked by another operation (see State status; Force unlock breaks a lock by id)",
        StateCorrupted => "failed: the state is corrupted beyond automatic recovery (agentspec state verify shows the damage; agentspec state recover restores it)",
        _ => $"failed with exit code {exitCode}",
    };

    /// <summary>Exit codes that mean the command did what was asked (a plan with changes is a successful plan).</summary>
    public static bool IsSuccess(int exitCode, bool isPlan) => exitCode == Success || (isPlan && exitCode == PlanHasChanges);
}
