using AgentSpec.Core.CliContract;

namespace AgentSpec.AppHost.Cli;

/// <summary>The <c>agentspec</c> exit codes (<see cref="ExitCodes"/>, docs/cli.md), in words for the dashboard.</summary>
public static class CliExitCodes
{
    public static string Describe(int exitCode) => exitCode switch
    {
        ExitCodes.Success => "succeeded",
        ExitCodes.Error => "failed",
        ExitCodes.PlanHasChanges => "succeeded: the plan has changes",
        ExitCodes.StateLocked => "failed: the state is locked by another operation (see State status; Force unlock breaks a lock by id)",
        ExitCodes.StateCorrupted => "failed: the state is corrupted beyond automatic recovery (agentspec state verify shows the damage; agentspec state recover restores it)",
        ExitCodes.InterruptedBySigint => "stopped by an interrupt (SIGINT): finished changes were committed and the lock released",
        ExitCodes.TerminatedBySigterm => "stopped by a termination request (SIGTERM, e.g. Stop in the dashboard): finished changes were committed and the lock released",
        _ => $"failed with exit code {exitCode}",
    };

    /// <summary>Exit codes that mean the command did what was asked (a plan with changes is a successful plan).</summary>
    public static bool IsSuccess(int exitCode, bool isPlan) => exitCode == ExitCodes.Success || (isPlan && exitCode == ExitCodes.PlanHasChanges);
}
