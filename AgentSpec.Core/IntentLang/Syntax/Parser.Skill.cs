namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>The bodies of <c>skill</c> and <c>prompt</c>, and their field lists.</summary>
internal sealed partial class Parser
{
    private static readonly string[] SkillKeywords = ["description", "input", "output", "tool", "execution"];
    private static readonly string[] PromptKeywords = ["content", "version", "variables"];
    private static readonly string[] CommandToolKeywords = ["binary", "args", "timeout", "env", "secrets"];
    private static readonly string[] HttpToolKeywords = ["method", "url", "headers", "body_template", "timeout"];
    private static readonly string[] InlineToolKeywords = ["language", "code", "timeout", "memory"];

    private bool ParsePromptItem(PromptDeclaration prompt, Token keyword)
    {
        var owner = prompt.Title;
        switch (keyword.Text)
        {
            case "content":
                MarkSeen(prompt.Attributes, "content", keyword, owner);
                prompt.Content = ExpectString(keyword, owner);
                return prompt.Content is not null;
            case "version":
                MarkSeen(prompt.Attributes, "version", keyword, owner);
                prompt.Version = ExpectString(keyword, owner);
                return prompt.Version is not null;
            case "variables":
                MarkSeen(prompt.Attributes, "variables", keyword, owner);
                return ParseFields(prompt.Variables, $"variables of {owner}", allowDefault: true);
            default:
                return UnsupportedOrUnknown(keyword, owner, PromptKeywords);
        }
    }

    private bool ParseSkillItem(SkillDeclaration skill, Token keyword)
    {
        var owner = skill.Title;
        switch (keyword.Text)
        {
            case "description":
                MarkSeen(skill.Attributes, "description", keyword, owner);
                skill.Description = ExpectString(keyword, owner);
                return skill.Description is not null;
            case "input":
                MarkSeen(skill.Attributes, "input", keyword, owner);
                return ParseFields(skill.Inputs, $"input of {owner}", allowDefault: false);
            case "output":
                MarkSeen(skill.Attributes, "output", keyword, owner);
                return ParseFields(skill.Outputs, $"output of {owner}", allowDefault: false);
            case "execution":
                skill.Attributes.TryAdd("execution", At(keyword));
                return ParseExecution(skill, keyword);
            case "tool":
                // "more than one tool" is a structural error reported by the checker, at each extra tool.
                skill.Attributes.TryAdd("tool", At(keyword));
                skill.ToolKeywords.Add(At(keyword));
                var tool = ParseTool(keyword, owner);
                skill.Tool ??= tool;
                return tool is not null;
            default:
                return UnsupportedOrUnknown(keyword, owner, SkillKeywords);
        }
    }

    private bool UnsupportedOrUnknown(Token keyword, string owner, IReadOnlyList<string> known)
    {
        if (UnsupportedConstructs.TryGet(keyword.Text, out var construct, out var hint))
        {
            ReportUnsupported(keyword, construct, hint);
            return true;
        }

        UnknownAttribute(keyword, owner, known);
        return false;
    }

    private bool ParseExecution(SkillDeclaration skill, Token keyword)
    {
        var type = Current;
        if (type.Kind != TokenKind.Identifier || type.Line != keyword.Line)
        {
            ReportExpected(keyword, skill.Title, "an execution type such as command");
            return false;
        }

        Advance();
        var value = ExpectString(type, skill.Title);
        if (value is null)
        {
            return false;
        }

        skill.Execution ??= new ExecutionDeclaration(At(keyword), new Located<string>(type.Text, At(type)), value);
        return true;
    }

    private ToolDeclaration? ParseTool(Token keyword, string owner)
    {
        var type = Current;
        if (type.Kind != TokenKind.Identifier || type.Line != keyword.Line)
        {
            ReportExpected(keyword, owner, "a tool type (command, http, inline or mcp)");
            return null;
        }

        Advance();
        var tool = new ToolDeclaration(At(keyword), new Located<string>(type.Text, At(type)));
        var toolOwner = $"tool {type.Text} of {owner}";
        switch (type.Text)
        {
            case ToolDeclaration.Mcp:
                tool.ServerTool = ExpectString(type, owner);
                return tool.ServerTool is null ? null : tool;
            case ToolDeclaration.Command:
            case ToolDeclaration.Http:
            case ToolDeclaration.Inline:
                return ParseBody(toolOwner, item => ParseToolItem(tool, item, toolOwner)) ? tool : null;
            default:
                Error(type, $"unknown tool type '{type.Text}' in {owner}", NameSuggestions.KeywordHint(type.Text, ToolDeclaration.Types));
                return null;
        }
    }

    private bool ParseToolItem(ToolDeclaration tool, Token keyword, string owner)
    {
        var seen = tool.Attributes;
        switch (tool.Type.Value, keyword.Text)
        {
            case (ToolDeclaration.Command, "binary"):
                MarkSeen(seen, "binary", keyword, owner);
                tool.Binary = ExpectString(keyword, owner);
                return tool.Binary is not null;
            case (ToolDeclaration.Command, "args"):
                MarkSeen(seen, "args", keyword, owner);
                tool.Args = ExpectStringList(keyword, owner);
                return tool.Args is not null;
            case (ToolDeclaration.Command, "env"):
                MarkSeen(seen, "env", keyword, owner);
                tool.Env = ExpectMap(keyword, owner);
                return tool.Env is not null;
            case (ToolDeclaration.Command, "secrets"):
                MarkSeen(seen, "secrets", keyword, owner);
                tool.Secrets = ExpectMap(keyword, owner);
                return tool.Secrets is not null;
            case (ToolDeclaration.Http, "method"):
                MarkSeen(seen, "method", keyword, owner);
                tool.Method = ExpectString(keyword, owner);
                return tool.Method is not null;
            case (ToolDeclaration.Http, "url"):
                MarkSeen(seen, "url", keyword, owner);
                tool.Url = ExpectString(keyword, owner);
                return tool.Url is not null;
            case (ToolDeclaration.Http, "headers"):
                MarkSeen(seen, "headers", keyword, owner);
                tool.Headers = ExpectMap(keyword, owner);
                return tool.Headers is not null;
            case (ToolDeclaration.Http, "body_template"):
                MarkSeen(seen, "body_template", keyword, owner);
                tool.BodyTemplate = ExpectString(keyword, owner);
                return tool.BodyTemplate is not null;
            case (ToolDeclaration.Inline, "language"):
                MarkSeen(seen, "language", keyword, owner);
                tool.Language = ExpectString(keyword, owner);
                return tool.Language is not null;
            case (ToolDeclaration.Inline, "code"):
                MarkSeen(seen, "code", keyword, owner);
                tool.Code = ExpectString(keyword, owner);
                return tool.Code is not null;
            case (ToolDeclaration.Inline, "memory"):
                MarkSeen(seen, "memory", keyword, owner);
                tool.MemoryLimit = ExpectString(keyword, owner);
                return tool.MemoryLimit is not null;
            case (_, "timeout"):
                MarkSeen(seen, "timeout", keyword, owner);
                tool.Timeout = ExpectString(keyword, owner);
                return tool.Timeout is not null;
            default:
                var known = tool.Type.Value switch
                {
                    ToolDeclaration.Command => CommandToolKeywords,
                    ToolDeclaration.Http => HttpToolKeywords,
                    _ => InlineToolKeywords,
                };
                UnknownAttribute(keyword, owner, known);
                return false;
        }
    }

    /// <summary><c>{ name type [required] [default "v"] … }</c>; field names must be unique within the list.</summary>
    private bool ParseFields(List<FieldDeclaration> fields, string owner, bool allowDefault)
    {
        return ParseBody(owner, name =>
        {
            var type = Current;
            if (type.Kind != TokenKind.Identifier || type.Line != name.Line)
            {
                ReportExpected(name, owner, "a type such as string");
                return false;
            }

            Advance();
            foreach (var existing in fields)
            {
                if (string.Equals(existing.Name.Value, name.Text, StringComparison.Ordinal))
                {
                    Error(name, $"duplicate field '{name.Text}' in {owner}", $"it is already declared at line {existing.Name.Location.Line}");
                    break;
                }
            }

            var field = new FieldDeclaration(new Located<string>(name.Text, At(name)), new Located<string>(type.Text, At(type)));
            fields.Add(field);
            while (Current.Kind == TokenKind.Identifier)
            {
                var modifier = Current;
                if (modifier.Text == "required")
                {
                    Advance();
                    field.Required = true;
                }
                else if (allowDefault && modifier.Text == "default")
                {
                    Advance();
                    field.Default = ExpectString(modifier, owner);
                    if (field.Default is null)
                    {
                        return false;
                    }
                }
                else if (modifier.Line == name.Line && !(Peek(1).Kind == TokenKind.Identifier && Peek(1).Line == modifier.Line))
                {
                    // A stray word after the field (not the start of another "name type" pair on the same line).
                    Error(
                        modifier,
                        $"unexpected '{modifier.Text}' after field '{name.Text}' in {owner}",
                        NameSuggestions.Closest(modifier.Text, allowDefault ? ["required", "default"] : ["required"]) is { } closest
                            ? $"did you mean '{closest}'?"
                            : allowDefault ? "a field may be followed by required and default \"value\"" : "a field may be followed by required");
                    return false;
                }
                else
                {
                    break;
                }
            }

            return true;
        });
    }
}
