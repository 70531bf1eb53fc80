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
                    Cell(ModelCell(agent)),
                    Cell(agent.Prompt ?? "-"),
                    Cell(agent.Skills is { Count: > 0 } skills ? string.Join(", ", skills) : "-"),
                    Markup.Escape(agent.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)));
            }

            SpectreConsole.For(context, settings.Ansi).Write(table);
            if (agents.Any(a => a.ServedBy == OfflineModel))
            {
                context.Out.WriteLine(settings.Ansi.Dim(
                    "(offline) = answered by the runtime's built-in offline model, which echoes messages; connect a real model with AgentSpec:Models (docs/tools.md)."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private const string OfflineModel = "offline";

    /// <summary>The model the agent names, and what answers it when that is something else (the offline model, a mapped deployment).</summary>
    private static string ModelCell(AgentSummary agent) => agent.ServedBy switch
    {
        null => agent.Model ?? "-",
        OfflineModel => $"{agent.Model ?? "-"} (offline)",
        var served when served == agent.Model => served,
        var served => $"{agent.Model ?? "-"} → {served}",
    };

    private static string Cell(string text) => Markup.Escape(TerminalText.Sanitize(text));
}
