namespace AgentSpec.AppHost.Cli;

/// <summary>The <c>agentspec</c> command lines the AppHost runs (the CLI contract: global options, then the command).</summary>
public static class CliArguments
{
    public static string[] Apply(string workingDirectory) => ["--chdir", workingDirectory, "apply", "--auto-approve"];

    public static string[] Plan(string workingDirectory) => ["--chdir", workingDirectory, "--no-color", "plan"];

    public static string[] ApplyFromDashboard(string workingDirectory) => ["--chdir", workingDirectory, "--no-color", "apply", "--auto-approve"];

    public static string[] StateStatus(string workingDirectory) => ["--chdir", workingDirectory, "--no-color", "state", "status"];

    public static string[] ForceUnlock(string workingDirectory, string lockId) =>
        ["--chdir", workingDirectory, "--no-color", "state", "unlock", "--force", lockId];
}
