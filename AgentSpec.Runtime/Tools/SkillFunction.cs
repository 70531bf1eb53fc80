using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// A skill as a function the model may call. A failing tool never fails the turn: its error becomes the
/// tool result, scrubbed of secret values, so the model can tell the user or try something else.
/// </summary>
internal sealed partial class SkillFunction : AIFunction
{
    public const string FailurePrefix = "error: ";

    private readonly string _agent;
    private readonly AgentSkillDefinition _skill;
    private readonly SkillToolbox _toolbox;
    private readonly ILogger _logger;

    public SkillFunction(string agent, AgentSkillDefinition skill, SkillToolbox toolbox, ILogger logger)
    {
        _agent = agent;
        _skill = skill;
        _toolbox = toolbox;
        _logger = logger;
        Name = FunctionNameOf(skill.Name);
        JsonSchema = SkillInputSchema.For(skill.Attributes);
    }

    public override string Name { get; }

    public override string Description => _skill.Description ?? string.Empty;

    public override JsonElement JsonSchema { get; }

    /// <summary>OpenAI-compatible APIs accept <c>[A-Za-z0-9_-]{1,64}</c>; skill names may hold more (dots, letters of any script).</summary>
    public static string FunctionNameOf(string skill)
    {
        var name = string.Create(Math.Min(skill.Length, 64), skill, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
        return name.Length == 0 ? "skill" : name;
    }

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var input = new JsonObject();
        foreach (var (name, value) in arguments)
        {
            input[name] = value switch
            {
                null => null,
                JsonElement element => JsonNode.Parse(element.GetRawText()),
                JsonNode node => node.DeepClone(),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        var invocation = new ToolInvocation(_agent, _skill.Name, ToolOf(_skill), input, _toolbox.NewSecretScope(), _skill.McpServer);
        try
        {
            if (MissingRequiredField(input) is { } missing)
            {
                throw new ToolFailedException($"the input has no '{missing}', which skill '{_skill.Name}' requires");
            }

            return invocation.Secrets.Scrub(await _toolbox.RunAsync(invocation, cancellationToken));
        }
        catch (ToolFailedException exception)
        {
            var message = invocation.Secrets.Scrub(exception.Message);
            Log.ToolFailed(_logger, _skill.Name, _agent, message);
            return FailurePrefix + message;
        }
    }

    private static JsonObject ToolOf(AgentSkillDefinition skill)
    {
        if (skill.Attributes["tool"] is JsonObject tool)
        {
            return tool;
        }

        // The older form `execution command "binary"` (docs/intentlang.md) is a command tool without arguments.
        if (skill.Attributes["execution"] is JsonObject execution && execution["type"]?.ToString() == "command")
        {
            return new JsonObject { ["type"] = "command", ["binary"] = execution["value"]?.ToString() };
        }

        return new JsonObject { ["type"] = skill.Attributes["execution"]?["type"]?.ToString() ?? "none" };
    }

    private string? MissingRequiredField(JsonObject input)
    {
        if (_skill.Attributes["input"] is not JsonArray fields)
        {
            return null;
        }

        foreach (var field in fields.OfType<JsonObject>())
        {
            if (field["required"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True
                && field["name"]?.ToString() is { } name && input[name] is null)
            {
                return name;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Tool of skill {Skill} (agent {Agent}) failed: {Reason}")]
        public static partial void ToolFailed(ILogger logger, string skill, string agent, string reason);
    }
}
