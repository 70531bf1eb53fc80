using System.CommandLine;

namespace AgentSpec.Cli.Commands;

/// <summary>Builds the <c>agentspec</c> command tree.</summary>
public static class RootCommandFactory
{
    public static RootCommand Create(CliContext context, GlobalOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var root = new RootCommand("AgentSpec: declarative AI agents. Validate, plan and apply IntentLang packages; chat with deployed agents.");
        options.AddTo(root);
        root.Subcommands.Add(ValidateCommand.Create(context, options));
        root.Subcommands.Add(PlanCommand.Create(context, options));
        root.Subcommands.Add(ApplyCommand.CreateApply(context, options));
        root.Subcommands.Add(ApplyCommand.CreateDestroy(context, options));
        root.Subcommands.Add(StateCommands.Create(context, options));
        root.Subcommands.Add(AgentsCommand.Create(context, options));
        root.Subcommands.Add(SessionsCommand.Create(context, options));
        root.Subcommands.Add(ChatCommand.Create(context, options));
        root.Subcommands.Add(VersionCommand.Create(context));
        VersionCommand.UseFor(root, context);
        return root;
    }
}
