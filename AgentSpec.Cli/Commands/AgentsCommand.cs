using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using Spectre.Console;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec agents</c>: the agents deployed on the runtime.</summary>
public static class AgentsCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("agents", "List the agents deployed on the runtime.");
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var agents = await client.ListAgentsAsync(cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(agents, CliRuntimeJsonContext.Relaxed.IReadOnlyListAgentSummary));
                return ExitCodes.Success;
            }

            if (agents.Count == 0)
            {
                context.Out.WriteLine($"No agents are deployed on {client.BaseAddress}.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("NAME", "PACKAGE", "MODEL", "PROMPT", "SKILLS", "UPDATED");
            foreach (var agent in agents)
            {
                table.AddRow(
                    Cell(agent.Name),
                    Cell(agent.Package),
                    Cell(agent.Model ?? "-"),
                    Cell(agent.Prompt ?? "-"),
                    Cell(agent.Skills is { Count: > 0 } skills ? string.Join(", ", skills) : "-"),
                    Markup.Escape(agent.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)));
            }

            SpectreConsole.For(context, settings.Ansi).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Cell(string text) => Markup.Escape(TerminalText.Sanitize(text));
}
