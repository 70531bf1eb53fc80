using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.AppHost.Cli;

/// <summary>Dashboard commands on the <c>cli</c> resource: Plan, Apply, State status, Force unlock and Connection info.</summary>
public static class CliDashboardCommands
{
    public const string PlanCommand = "agentspec-plan";
    public const string ApplyCommand = "agentspec-apply";
    public const string StateStatusCommand = "agentspec-state-status";
    public const string ForceUnlockCommand = "agentspec-force-unlock";
    public const string ConnectionInfoCommand = "agentspec-connection-info";

    public static IResourceBuilder<ProjectResource> WithAgentSpecCliCommands(
        this IResourceBuilder<ProjectResource> cli,
        string workingDirectory,
        IResourceBuilder<ProjectResource> runtime,
        IResourceBuilder<ParameterResource> apiKey)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(apiKey);
        var launcher = new CliCommandLauncher(cli.Resource);
        cli.WithCommand(
            PlanCommand,
            "Plan",
            context => launcher.RunAsync(context, "plan", CliArguments.Plan(workingDirectory), isPlan: true),
            new CommandOptions { Description = $"agentspec plan in {workingDirectory}", IconName = "DocumentSearch" });
        cli.WithCommand(
            ApplyCommand,
            "Apply",
            context => launcher.RunAsync(context, "apply", CliArguments.ApplyFromDashboard(workingDirectory)),
            new CommandOptions
            {
                Description = $"agentspec apply --auto-approve in {workingDirectory}",
                IconName = "CloudArrowUp",
                ConfirmationMessage = $"Apply {workingDirectory} to the runtime?",
            });
        cli.WithCommand(
            StateStatusCommand,
            "State status",
            context => launcher.RunAsync(context, "state status", CliArguments.StateStatus(workingDirectory)),
            new CommandOptions { Description = "agentspec state status: serial, entries and the current lock holder", IconName = "LockClosed" });
        cli.WithCommand(
            ForceUnlockCommand,
            "Force unlock",
            context => ForceUnlockAsync(context, launcher, workingDirectory),
            new CommandOptions { Description = "agentspec state unlock --force LOCK_ID (asks for the lock id)", IconName = "LockOpen" });
        cli.WithCommand(
            ConnectionInfoCommand,
            "Connection info",
            context => ConnectionInfoAsync(context, runtime.Resource, apiKey.Resource),
            new CommandOptions
            {
                Description = $"The export lines for a terminal: {RuntimeVariables.RuntimeUrl} and {RuntimeVariables.ApiKey}, and the shared state ({StateVariables.Backend}, {StateVariables.RedisConnection}, {StateVariables.Workspace})",
                IconName = "PlugConnected",
            });
        return cli;
    }

    private static async Task<ExecuteCommandResult> ConnectionInfoAsync(ExecuteCommandContext context, ProjectResource runtime, ParameterResource apiKey)
    {
        var configuration = context.Services.GetRequiredService<IConfiguration>();
        try
        {
            var info = await RuntimeConnectionInfo.ResolveAsync(runtime, apiKey, configuration, context.CancellationToken);
            return CommandResults.Success("Paste the export lines into a terminal to use agentspec with this runtime and the same state as the dashboard.", info.Describe(), CommandResultFormat.Text);
        }
        catch (InvalidOperationException ex)
        {
            return CommandResults.Failure($"The runtime's address is not known yet ({ex.Message}); wait until the runtime is running.");
        }
    }

    private static async Task<ExecuteCommandResult> ForceUnlockAsync(ExecuteCommandContext context, CliCommandLauncher launcher, string workingDirectory)
    {
        var interaction = context.Services.GetRequiredService<IInteractionService>();
        if (!interaction.IsAvailable)
        {
            return CommandResults.Failure("Force unlock needs the dashboard to ask for the lock id; run 'agentspec state unlock --force LOCK_ID' in a terminal instead.");
        }

        var answer = await interaction.PromptInputAsync(
            "Force unlock",
            "Break the state lock held by another operation. Only do this when its holder is gone or hung: the holder loses the lock and cannot commit. The lock id is shown by State status and by a waiting apply.",
            "Lock id",
            "the lock id to break",
            cancellationToken: context.CancellationToken);
        if (answer.Canceled)
        {
            return CommandResults.Canceled();
        }

        var lockId = answer.Data?.Value?.Trim();
        if (string.IsNullOrEmpty(lockId))
        {
            return CommandResults.Failure("Force unlock needs a lock id.");
        }

        return await launcher.RunAsync(context, "state unlock --force", CliArguments.ForceUnlock(workingDirectory, lockId));
    }
}
