using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang.Syntax;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Turns checked declarations into resources. Which attributes each kind carries, and when an attribute
/// is left out, follows the original Go tool exactly (its content hashes are in existing state files):
/// an agent always has "model"; zero counts and empty strings are omitted; a skill field has "required"
/// only when true; an MCP server lists neither its exposed skills nor its name; an environment always has
/// "name" and "overrides".
/// </summary>
internal static class PackageLowerer
{
    public static LoweredPackage Lower(string name, string version, string lang, PackageSymbols symbols)
    {
        var resources = new List<Resource>(symbols.Declarations.Count);
        var deployTargets = new List<DeployTarget>();
        foreach (var declaration in symbols.Declarations)
        {
            switch (declaration)
            {
                case PromptDeclaration prompt:
                    resources.Add(Create(name, ResourceKinds.Prompt, prompt, LowerPrompt(prompt), []));
                    break;
                case SkillDeclaration skill:
                    resources.Add(Create(name, ResourceKinds.Skill, skill, LowerSkill(skill), []));
                    break;
                case AgentDeclaration agent:
                    var (agentAttributes, agentReferences) = LowerAgent(name, agent);
                    resources.Add(Create(name, ResourceKinds.Agent, agent, agentAttributes, agentReferences));
                    break;
                case SecretDeclaration secret:
                    var secretAttributes = new JsonObject
                    {
                        ["source"] = secret.Source!.Value,
                        ["key"] = secret.Key!.Value,
                    };
                    resources.Add(Create(name, ResourceKinds.Secret, secret, secretAttributes, []));
                    break;
                case EnvironmentDeclaration environment:
                    resources.Add(Create(name, ResourceKinds.Environment, environment, LowerEnvironment(environment), []));
                    break;
                case ServerDeclaration server:
                    var (serverAttributes, serverReferences) = LowerServer(name, server);
                    resources.Add(Create(name, ResourceKinds.McpServer, server, serverAttributes, serverReferences));
                    break;
                case ClientDeclaration client:
                    var clientAttributes = new JsonObject();
                    if (client.Servers.Count > 0)
                    {
                        clientAttributes["servers"] = Strings(client.Servers);
                    }

                    var clientReferences = client.Servers.Select(s => ResourceName.Fqn(name, ResourceKinds.McpServer, s.Value)).ToList();
                    resources.Add(Create(name, ResourceKinds.McpClient, client, clientAttributes, clientReferences));
                    break;
                case DeployDeclaration deploy:
                    deployTargets.Add(new DeployTarget(deploy.Name.Value, deploy.Target!.Value, deploy.Default?.Value ?? false, deploy.Settings));
                    break;
            }
        }

        // Resource.Fqn is computed on each call: sort on keys computed once.
        var sorted = resources.ToArray();
        var keys = Array.ConvertAll(sorted, static r => r.Fqn);
        Array.Sort(keys, sorted, StringComparer.Ordinal);
        return new LoweredPackage(name, version, lang, sorted, deployTargets);
    }

    private static Resource Create(string package, string kind, Declaration declaration, JsonObject attributes, IReadOnlyList<string> references) =>
        new(package, kind, declaration.Name.Value, attributes, CanonicalJson.Hash(attributes), references);

    private static JsonObject LowerPrompt(PromptDeclaration prompt)
    {
        var attributes = new JsonObject { ["content"] = prompt.Content!.Value };
        SetText(attributes, "version", prompt.Version);
        if (prompt.Variables.Count > 0)
        {
            var variables = new JsonArray();
            foreach (var variable in prompt.Variables)
            {
                var entry = Field(variable);
                if (!string.IsNullOrEmpty(variable.Default?.Value))
                {
                    entry["default"] = variable.Default.Value;
                }

                variables.Add((JsonNode)entry);
            }

            attributes["variables"] = variables;
        }

        return attributes;
    }

    private static JsonObject LowerSkill(SkillDeclaration skill)
    {
        var attributes = new JsonObject { ["description"] = skill.Description!.Value };
        if (skill.Execution is not null)
        {
            attributes["execution"] = new JsonObject
            {
                ["type"] = skill.Execution.Type.Value,
                ["value"] = skill.Execution.Value.Value,
            };
        }

        if (skill.Tool is not null)
        {
            attributes["tool"] = LowerTool(skill.Tool);
        }

        if (skill.Inputs.Count > 0)
        {
            attributes["input"] = Fields(skill.Inputs);
        }

        if (skill.Outputs.Count > 0)
        {
            attributes["output"] = Fields(skill.Outputs);
        }

        return attributes;
    }

    private static JsonObject LowerTool(ToolDeclaration tool)
    {
        var attributes = new JsonObject { ["type"] = tool.Type.Value };
        switch (tool.Type.Value)
        {
            case ToolDeclaration.Mcp:
                attributes["server_tool"] = tool.ServerTool!.Value;
                break;
            case ToolDeclaration.Http:
                SetText(attributes, "method", tool.Method);
                SetText(attributes, "url", tool.Url);
                SetMap(attributes, "headers", tool.Headers);
                SetText(attributes, "body_template", tool.BodyTemplate);
                break;
            case ToolDeclaration.Command:
                SetText(attributes, "binary", tool.Binary);
                if (tool.Args is { Count: > 0 })
                {
                    attributes["args"] = Strings(tool.Args);
                }

                SetMap(attributes, "env", tool.Env);
                SetMap(attributes, "secrets", tool.Secrets);
                break;
            case ToolDeclaration.Inline:
                SetText(attributes, "language", tool.Language);
                SetText(attributes, "code", tool.Code);
                SetText(attributes, "memory_limit", tool.MemoryLimit);
                break;
        }

        SetText(attributes, "timeout", tool.Timeout);
        return attributes;
    }

    // Nodes are added as JsonNode: the generic JsonArray.Add<T> serialises by reflection, which the
    // ahead-of-time CLI cannot do (docs/cli.md, "Start-up").
    private static JsonArray Fields(List<FieldDeclaration> fields)
    {
        var array = new JsonArray();
        foreach (var field in fields)
        {
            array.Add((JsonNode)Field(field));
        }

        return array;
    }

    private static JsonObject Field(FieldDeclaration field)
    {
        var entry = new JsonObject
        {
            ["name"] = field.Name.Value,
            ["type"] = field.Type.Value,
        };
        if (field.Required)
        {
            entry["required"] = true;
        }

        return entry;
    }

    private static (JsonObject Attributes, List<string> References) LowerAgent(string package, AgentDeclaration agent)
    {
        var references = new List<string>();
        var attributes = new JsonObject { ["model"] = agent.Model?.Value ?? string.Empty };
        if (agent.Prompt is not null)
        {
            attributes["prompt"] = agent.Prompt.Value;
            references.Add(ResourceName.Fqn(package, ResourceKinds.Prompt, agent.Prompt.Value));
        }

        if (agent.Skills.Count > 0)
        {
            attributes["skills"] = Strings(agent.Skills);
            references.AddRange(agent.Skills.Select(s => ResourceName.Fqn(package, ResourceKinds.Skill, s.Value)));
        }

        if (agent.Client is not null)
        {
            attributes["client"] = agent.Client.Value;
            references.Add(ResourceName.Fqn(package, ResourceKinds.McpClient, agent.Client.Value));
        }

        SetText(attributes, "strategy", agent.Strategy);
        SetPositive(attributes, "max_turns", agent.MaxTurns);
        SetText(attributes, "timeout", agent.Timeout);
        SetPositive(attributes, "token_budget", agent.TokenBudget);
        if (agent.Temperature is not null)
        {
            attributes["temperature"] = agent.Temperature.Value;
        }

        if (agent.Stream is not null)
        {
            attributes["stream"] = agent.Stream.Value;
        }

        SetText(attributes, "on_error", agent.OnError);
        SetPositive(attributes, "max_retries", agent.MaxRetries);
        if (!string.IsNullOrEmpty(agent.Fallback?.Value))
        {
            attributes["fallback"] = agent.Fallback.Value;
            references.Add(ResourceName.Fqn(package, ResourceKinds.Agent, agent.Fallback.Value));
        }

        if (agent.Memory is { } memory)
        {
            var memoryAttributes = new JsonObject();
            SetText(memoryAttributes, "strategy", memory.Strategy);
            SetPositive(memoryAttributes, "max_messages", memory.MaxMessages);
            attributes["memory"] = memoryAttributes;
        }

        if (agent.Delegates.Count > 0)
        {
            var delegates = new JsonArray();
            foreach (var delegation in agent.Delegates)
            {
                delegates.Add((JsonNode)new JsonObject
                {
                    ["agent"] = delegation.Agent.Value,
                    ["condition"] = delegation.Condition?.Value ?? string.Empty,
                });
                references.Add(ResourceName.Fqn(package, ResourceKinds.Agent, delegation.Agent.Value));
            }

            attributes["delegates"] = delegates;
        }

        if (agent.Models is { Value.Count: > 0 })
        {
            attributes["models"] = Strings(agent.Models.Value);
        }

        return (attributes, references);
    }

    private static (JsonObject Attributes, List<string> References) LowerServer(string package, ServerDeclaration server)
    {
        var references = new List<string>();
        var attributes = new JsonObject { ["transport"] = server.Transport!.Value };
        SetText(attributes, "command", server.Command);
        if (server.Args is { Count: > 0 })
        {
            attributes["args"] = Strings(server.Args);
        }

        SetText(attributes, "url", server.Url);
        SetMap(attributes, "env", server.Env);
        if (server.Auth is not null)
        {
            attributes["auth"] = server.Auth.Value;
            references.Add(ResourceName.Fqn(package, ResourceKinds.Secret, server.Auth.Value));
        }

        references.AddRange(server.Exposes.Select(s => ResourceName.Fqn(package, ResourceKinds.Skill, s.Value)));
        return (attributes, references);
    }

    private static JsonObject LowerEnvironment(EnvironmentDeclaration environment)
    {
        var overrides = new JsonArray();
        foreach (var entry in environment.Overrides)
        {
            overrides.Add((JsonNode)new JsonObject
            {
                ["resource"] = $"{entry.TargetKind.Value}/{entry.TargetName.Value}",
                ["attribute"] = entry.Attribute.Value,
                ["value"] = entry.Value.Value.DeepClone(),
            });
        }

        return new JsonObject
        {
            ["name"] = environment.Name.Value,
            ["overrides"] = overrides,
        };
    }

    private static JsonArray Strings(IEnumerable<Located<string>> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add((JsonNode)value.Value);
        }

        return array;
    }

    private static void SetText(JsonObject attributes, string name, Located<string>? value)
    {
        if (!string.IsNullOrEmpty(value?.Value))
        {
            attributes[name] = value.Value;
        }
    }

    private static void SetPositive(JsonObject attributes, string name, Located<long>? value)
    {
        if (value is { Value: > 0 })
        {
            attributes[name] = value.Value;
        }
    }

    private static void SetMap(JsonObject attributes, string name, List<KeyValueEntry>? entries)
    {
        if (entries is not { Count: > 0 })
        {
            return;
        }

        var map = new JsonObject();
        foreach (var entry in entries)
        {
            map[entry.Key.Value] = entry.Value.Value;
        }

        attributes[name] = map;
    }
}
