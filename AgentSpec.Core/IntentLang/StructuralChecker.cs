using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Checks each declaration on its own: required attributes, value ranges and known values, exactly one
/// tool per skill, exactly one of model/models per agent, repeated list entries. An attribute whose line
/// failed to parse is not reported again as missing.
/// </summary>
internal static class StructuralChecker
{
    public static void Check(PackageSymbols symbols, DiagnosticBag diagnostics)
    {
        DeployDeclaration? firstDefault = null;
        foreach (var declaration in symbols.Declarations)
        {
            switch (declaration)
            {
                case PromptDeclaration prompt:
                    CheckPrompt(prompt, diagnostics);
                    break;
                case SkillDeclaration skill:
                    CheckSkill(skill, diagnostics);
                    break;
                case AgentDeclaration agent:
                    CheckAgent(agent, diagnostics);
                    break;
                case SecretDeclaration secret:
                    CheckSecret(secret, diagnostics);
                    break;
                case EnvironmentDeclaration environment:
                    CheckEnvironment(environment, diagnostics);
                    break;
                case ServerDeclaration server:
                    CheckServer(server, diagnostics);
                    break;
                case ClientDeclaration client:
                    CheckClient(client, diagnostics);
                    break;
                case DeployDeclaration deploy:
                    CheckDeploy(deploy, ref firstDefault, diagnostics);
                    break;
            }
        }
    }

    private static void Missing(Declaration declaration, string attribute, string hint, DiagnosticBag diagnostics)
    {
        if (!declaration.Mentions(attribute))
        {
            diagnostics.Error(declaration.Location, $"{declaration.Title} has no {attribute}", hint);
        }
    }

    private static void CheckPrompt(PromptDeclaration prompt, DiagnosticBag diagnostics)
    {
        if (prompt.Content is null)
        {
            Missing(prompt, "content", "add content \"You are …\"", diagnostics);
        }
        else
        {
            AttributeRules.NotEmpty(prompt.Content, "content", prompt.Title, diagnostics);
        }

        CheckFields(prompt.Variables, $"variables of {prompt.Title}", diagnostics);
    }

    private static void CheckFields(List<FieldDeclaration> fields, string owner, DiagnosticBag diagnostics)
    {
        foreach (var field in fields)
        {
            AttributeRules.FieldType(field.Type, owner, diagnostics);
        }
    }

    private static void CheckSkill(SkillDeclaration skill, DiagnosticBag diagnostics)
    {
        var owner = skill.Title;
        if (skill.Description is null)
        {
            Missing(skill, "description", "add description \"what the skill does\"", diagnostics);
        }
        else
        {
            AttributeRules.NotEmpty(skill.Description, "description", owner, diagnostics);
        }

        CheckFields(skill.Inputs, $"input of {owner}", diagnostics);
        CheckFields(skill.Outputs, $"output of {owner}", diagnostics);

        for (var i = 1; i < skill.ToolKeywords.Count; i++)
        {
            diagnostics.Error(
                skill.ToolKeywords[i],
                $"{owner} has more than one tool",
                $"a skill runs exactly one tool (the first is at line {skill.ToolKeywords[0].Line}); split it into several skills");
        }

        if (skill.Execution is not null && skill.ToolKeywords.Count > 0)
        {
            diagnostics.Error(
                skill.Execution.Location,
                $"{owner} has both a tool and an execution",
                "a skill runs exactly one tool; keep the tool block (execution is the older form)");
        }

        if (skill.ToolKeywords.Count == 0 && !skill.Mentions("execution"))
        {
            diagnostics.Error(
                skill.Location,
                $"{owner} has no tool",
                "add one of: tool command { binary \"…\" }, tool http { url \"…\" }, tool inline { language \"…\" code \"…\" }, tool mcp \"server/tool\"");
        }

        if (skill.Execution is not null)
        {
            AttributeRules.NotEmpty(skill.Execution.Value, "execution", owner, diagnostics);
        }

        if (skill.Tool is not null)
        {
            CheckTool(skill.Tool, owner, diagnostics);
        }
    }

    private static void CheckTool(ToolDeclaration tool, string skillOwner, DiagnosticBag diagnostics)
    {
        var owner = $"tool {tool.Type.Value} of {skillOwner}";
        void Require(Located<string>? value, string attribute, string example)
        {
            if (value is not null)
            {
                AttributeRules.NotEmpty(value, attribute, owner, diagnostics);
            }
            else if (!tool.Attributes.ContainsKey(attribute))
            {
                diagnostics.Error(tool.Location, $"{owner} has no {attribute}", $"add {attribute} {example}");
            }
        }

        switch (tool.Type.Value)
        {
            case ToolDeclaration.Command:
                Require(tool.Binary, "binary", "\"program-name\"");
                break;
            case ToolDeclaration.Http:
                Require(tool.Url, "url", "\"https://…\"");
                if (tool.Method is not null)
                {
                    AttributeRules.OneOf(tool.Method, "method", owner, AttributeRules.HttpMethods, diagnostics);
                }

                break;
            case ToolDeclaration.Inline:
                Require(tool.Language, "language", "\"python\"");
                Require(tool.Code, "code", "\"…\"");
                break;
            case ToolDeclaration.Mcp when tool.ServerTool is not null:
                var slash = tool.ServerTool.Value.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || slash == tool.ServerTool.Value.Length - 1 || tool.ServerTool.Value.IndexOf('/', slash + 1) >= 0)
                {
                    diagnostics.Error(
                        tool.ServerTool.Location,
                        $"invalid MCP tool reference \"{tool.ServerTool.Value}\" in {skillOwner}",
                        "write tool mcp \"server-name/tool-name\"");
                }

                break;
        }

        if (tool.Timeout is not null)
        {
            AttributeRules.Duration(tool.Timeout, "timeout", owner, diagnostics);
        }
    }

    private static void CheckAgent(AgentDeclaration agent, DiagnosticBag diagnostics)
    {
        var owner = agent.Title;
        if (agent.Model is not null && agent.Models is not null)
        {
            var second = agent.Model.Location.Line > agent.Models.Location.Line ||
                (agent.Model.Location.Line == agent.Models.Location.Line && agent.Model.Location.Column > agent.Models.Location.Column)
                ? agent.Model.Location
                : agent.Models.Location;
            diagnostics.Error(
                second,
                $"{owner} sets both model and models",
                "keep one: model \"id\" for a single model, or models [\"primary\", \"fallback\"] for a fallback chain");
        }
        else if (!agent.Mentions("model") && !agent.Mentions("models"))
        {
            diagnostics.Error(
                agent.Location,
                $"{owner} has no model",
                "add model \"<model-id>\", or models [\"primary\", \"fallback\"] for a fallback chain");
        }

        if (agent.Model is not null)
        {
            AttributeRules.NotEmpty(agent.Model, "model", owner, diagnostics);
        }

        if (agent.Models is not null)
        {
            if (agent.Models.Value.Count == 0)
            {
                diagnostics.Error(agent.Models.Location, $"models of {owner} is empty", "list at least one model id");
            }

            foreach (var model in agent.Models.Value)
            {
                AttributeRules.NotEmpty(model, "a model in models", owner, diagnostics);
            }
        }

        if (agent.Strategy is not null)
        {
            AttributeRules.OneOf(agent.Strategy, "strategy", owner, AttributeRules.Strategies, diagnostics);
        }

        if (agent.MaxTurns is not null)
        {
            AttributeRules.Positive(agent.MaxTurns, "max_turns", owner, diagnostics);
        }

        if (agent.Timeout is not null)
        {
            AttributeRules.Duration(agent.Timeout, "timeout", owner, diagnostics);
        }

        if (agent.TokenBudget is not null)
        {
            AttributeRules.NotNegative(agent.TokenBudget, "token_budget", owner, diagnostics);
        }

        if (agent.Temperature is not null)
        {
            AttributeRules.Temperature(agent.Temperature, owner, diagnostics);
        }

        if (agent.MaxRetries is not null)
        {
            AttributeRules.NotNegative(agent.MaxRetries, "max_retries", owner, diagnostics);
        }

        if (agent.OnError is not null)
        {
            AttributeRules.OneOf(agent.OnError, "on_error", owner, AttributeRules.OnErrorValues, diagnostics);
            if (agent.OnError.Value == "fallback" && !agent.Mentions("fallback"))
            {
                diagnostics.Error(agent.OnError.Location, $"{owner} has on_error \"fallback\" but no fallback agent", "add fallback \"other-agent\"");
            }
        }

        if (agent.Fallback is not null && string.Equals(agent.Fallback.Value, agent.Name.Value, StringComparison.Ordinal))
        {
            diagnostics.Error(agent.Fallback.Location, $"{owner} cannot fall back to itself");
        }

        foreach (var delegation in agent.Delegates)
        {
            if (string.Equals(delegation.Agent.Value, agent.Name.Value, StringComparison.Ordinal))
            {
                diagnostics.Error(delegation.Agent.Location, $"{owner} cannot delegate to itself");
            }
        }

        if (agent.Memory is { } memory)
        {
            if (memory.Strategy is not null)
            {
                AttributeRules.OneOf(memory.Strategy, "memory strategy", owner, AttributeRules.MemoryStrategies, diagnostics);
            }

            if (memory.MaxMessages is not null)
            {
                AttributeRules.Positive(memory.MaxMessages, "memory max_messages", owner, diagnostics);
            }
        }

        if (agent.Skills.Count > 1)
        {
            ReportRepeats(agent.Skills, "skill", $"used by {owner}", diagnostics);
        }

        if (agent.Delegates.Count > 1)
        {
            ReportRepeats(agent.Delegates.Select(d => d.Agent), "delegate agent", $"in {owner}", diagnostics);
        }
    }

    private static void ReportRepeats(IEnumerable<Located<string>> items, string what, string where, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.TryAdd(item.Value, item.Location))
            {
                diagnostics.Error(
                    item.Location,
                    $"{what} \"{item.Value}\" is listed twice {where}",
                    $"it is already listed at line {seen[item.Value].Line}");
            }
        }
    }

    private static void CheckSecret(SecretDeclaration secret, DiagnosticBag diagnostics)
    {
        if (secret.Source is null)
        {
            Missing(secret, "source", "add env(VARIABLE_NAME) or store(\"path/in/store\")", diagnostics);
            return;
        }

        if (secret.Key is null)
        {
            return;
        }

        if (secret.Source.Value == SecretDeclaration.EnvSource)
        {
            AttributeRules.EnvironmentVariableName(secret.Key, secret.Title, diagnostics);
        }
        else
        {
            AttributeRules.NotEmpty(secret.Key, "store path", secret.Title, diagnostics);
        }
    }

    private static void CheckServer(ServerDeclaration server, DiagnosticBag diagnostics)
    {
        var owner = server.Title;
        if (server.Transport is null)
        {
            Missing(server, "transport", "add transport \"stdio\" (with command) or transport \"sse\" / \"streamable-http\" (with url)", diagnostics);
        }
        else
        {
            AttributeRules.OneOf(server.Transport, "transport", owner, AttributeRules.Transports, diagnostics);
            if (server.Transport.Value == "stdio" && server.Command is null && !server.Mentions("command"))
            {
                diagnostics.Error(server.Transport.Location, $"{owner} uses transport \"stdio\" but has no command", "add command \"program-name\"");
            }

            if (server.Transport.Value is "sse" or "streamable-http" && server.Url is null && !server.Mentions("url"))
            {
                diagnostics.Error(server.Transport.Location, $"{owner} uses transport \"{server.Transport.Value}\" but has no url", "add url \"https://…\"");
            }
        }

        if (server.Command is not null)
        {
            AttributeRules.NotEmpty(server.Command, "command", owner, diagnostics);
        }

        if (server.Url is not null)
        {
            AttributeRules.NotEmpty(server.Url, "url", owner, diagnostics);
        }

        if (server.Exposes.Count > 1)
        {
            ReportRepeats(server.Exposes, "skill", $"exposed by {owner}", diagnostics);
        }
    }

    private static void CheckClient(ClientDeclaration client, DiagnosticBag diagnostics)
    {
        if (client.Servers.Count == 0 && !client.Mentions("connects"))
        {
            diagnostics.Error(client.Location, $"{client.Title} connects to no server", "add connects to server \"name\"");
        }

        if (client.Servers.Count > 1)
        {
            ReportRepeats(client.Servers, "server", $"in {client.Title}", diagnostics);
        }
    }

    private static void CheckEnvironment(EnvironmentDeclaration environment, DiagnosticBag diagnostics)
    {
        var seen = new Dictionary<(string Kind, string Name, string Attribute), SourceLocation>();
        foreach (var entry in environment.Overrides)
        {
            var key = (entry.TargetKind.Value, entry.TargetName.Value, entry.Attribute.Value);
            if (!seen.TryAdd(key, entry.Attribute.Location))
            {
                diagnostics.Error(
                    entry.Attribute.Location,
                    $"{environment.Title} overrides {entry.Attribute.Value} of {entry.TargetKind.Value} \"{entry.TargetName.Value}\" twice",
                    $"the first override is at line {seen[key].Line}");
                continue;
            }

            OverrideRules.Check(entry, environment.Title, diagnostics);
        }
    }

    private static void CheckDeploy(DeployDeclaration deploy, ref DeployDeclaration? firstDefault, DiagnosticBag diagnostics)
    {
        if (deploy.Target is not null)
        {
            AttributeRules.NotEmpty(deploy.Target, "target", deploy.Title, diagnostics);
        }

        if (deploy.Default is { Value: true } isDefault)
        {
            if (firstDefault is null)
            {
                firstDefault = deploy;
            }
            else
            {
                diagnostics.Error(
                    isDefault.Location,
                    "more than one deploy target is marked default",
                    $"{firstDefault.Title} is already the default ({PackageSymbols.Describe(firstDefault.Default!.Location, isDefault.Location.File)})");
            }
        }
    }
}
