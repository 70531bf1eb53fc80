using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Agents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// The skills of an agent as functions for the model (docs/tools.md), and the deploy-time check that the
/// runtime can run every tool an agent declares.
/// </summary>
public sealed class SkillToolbox
{
    private readonly HttpToolRunner _http;
    private readonly CommandToolRunner _command;
    private readonly InlineToolRunner _inline;
    private readonly McpToolRunner _mcp;
    private readonly ToolSecrets _secrets;
    private readonly ILogger<SkillToolbox> _logger;
    private readonly ConditionalWeakTable<DeployedAgent, IList<AITool>> _functions = [];

    internal SkillToolbox(HttpToolRunner http, CommandToolRunner command, InlineToolRunner inline, McpToolRunner mcp, ToolSecrets secrets, ILogger<SkillToolbox> logger)
    {
        _mcp = mcp;
        _http = http;
        _command = command;
        _inline = inline;
        _secrets = secrets;
        _logger = logger;
    }

    /// <summary>The agent's skills as functions; empty when it uses none. Built once per deployed definition.</summary>
    public IList<AITool> FunctionsOf(DeployedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return _functions.GetValue(agent, a => a.Definition.Skills
            .Select(skill => (AITool)new SkillFunction(a.Name, skill, this, _logger))
            .ToList());
    }

    /// <summary>Why the runtime refuses to deploy <paramref name="definition"/> (a tool it cannot run), or null.</summary>
    public string? FindDeployProblem(AgentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var skill in definition.Skills)
        {
            var function = SkillFunction.FunctionNameOf(skill.Name);
            if (names.TryGetValue(function, out var other))
            {
                return $"Skills '{other}' and '{skill.Name}' of agent '{definition.Name}' would both be the model's function '{function}': rename one (functions allow letters, digits, '_' and '-').";
            }

            names[function] = skill.Name;
            if (skill.Attributes["tool"] is not JsonObject tool)
            {
                continue;
            }

            var type = ToolAttributes.Text(tool, "type");
            if (type == "inline" && _inline.FindProblem(tool) is { } inlineProblem)
            {
                return $"Skill '{skill.Name}' of agent '{definition.Name}' has an inline tool that this runtime does not run: {inlineProblem}.";
            }

            if (type == "mcp" && McpProblem(skill) is { } mcpProblem)
            {
                return $"Skill '{skill.Name}' of agent '{definition.Name}' uses MCP tool '{ToolAttributes.Text(tool, "server_tool")}', but {mcpProblem}.";
            }
        }

        return null;
    }

    private static string? McpProblem(AgentSkillDefinition skill)
    {
        if (skill.McpServer is not { } server)
        {
            return "the definition does not carry its MCP server (deploy it with this version of the CLI)";
        }

        var transport = ToolAttributes.Text(server, "transport");
        return McpToolRunner.Transports.Contains(transport, StringComparer.Ordinal)
            ? null
            : $"MCP transport '{transport}' is not supported (use {string.Join(", ", McpToolRunner.Transports)})";
    }

    internal RevealedSecrets NewSecretScope() => new(_secrets);

    internal Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        ToolAttributes.Text(invocation.Tool, "type") switch
        {
            "http" => _http.RunAsync(invocation, cancellationToken),
            "command" => _command.RunAsync(invocation, cancellationToken),
            "inline" => _inline.RunAsync(invocation, cancellationToken),
            "mcp" => _mcp.RunAsync(invocation, cancellationToken),
            var other => throw new ToolFailedException($"tool type '{other}' is not supported by this runtime"),
        };
}
