using System.CommandLine;
using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// <c>agentspec apply [path]</c> and <c>agentspec destroy [path]</c>: lock, plan, confirm, deploy, commit.
/// </summary>
public static class ApplyCommand
{
    public static Command CreateApply(CliContext context, GlobalOptions options) =>
        Create(context, options, ApplyMode.Apply, "apply", "Deploy the package and record it in state (asks for confirmation unless --auto-approve).");

    public static Command CreateDestroy(CliContext context, GlobalOptions options) =>
        Create(context, options, ApplyMode.Destroy, "destroy", "Remove the package's resources from the deploy target and from state.");

    private static Command Create(CliContext context, GlobalOptions options, ApplyMode mode, string name, string description)
    {
        var path = new Argument<string?>("path")
        {
            Description = "An .ias file or a directory with one package's .ias files (default: the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Skip the confirmation prompt." };
        var target = new Option<string?>("--target") { Description = "The deploy block to use (default: the one marked default).", HelpName = "name" };
        var runtimeOptions = new RuntimeOptionsBinder();
        var lockOptions = new LockOptionsBinder();
        var command = new Command(name, description) { path, autoApprove, target };
        lockOptions.AddTo(command);
        runtimeOptions.AddTo(command);
        command.SetGuardedAction(context, options, (parseResult, settings, cancellationToken) =>
            new ApplyRunner(context, settings).RunAsync(
                parseResult,
                mode,
                parseResult.GetValue(path),
                parseResult.GetValue(target),
                parseResult.GetValue(autoApprove),
                lockOptions,
                runtimeOptions.Bind(parseResult),
                cancellationToken));
        return command;
    }
}
