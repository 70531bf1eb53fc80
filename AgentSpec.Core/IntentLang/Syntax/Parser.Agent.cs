namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>The body of <c>agent "name" { … }</c>.</summary>
internal sealed partial class Parser
{
    private static readonly string[] AgentKeywords =
    [
        "uses", "model", "models", "strategy", "max_turns", "timeout", "token_budget", "temperature", "stream",
        "on_error", "max_retries", "fallback", "memory", "delegate", "connects",
    ];

    private static readonly string[] MemoryKeywords = ["strategy", "max_messages"];

    private bool ParseAgentItem(AgentDeclaration agent, Token keyword)
    {
        var owner = agent.Title;
        var seen = agent.Attributes;
        switch (keyword.Text)
        {
            case "uses":
                return ParseUses(agent, keyword);
            case "model":
                MarkSeen(seen, "model", keyword, owner);
                agent.Model = ExpectString(keyword, owner);
                return agent.Model is not null;
            case "models":
                MarkSeen(seen, "models", keyword, owner);
                var models = ExpectStringList(keyword, owner);
                agent.Models = models is null ? null : new Located<List<Located<string>>>(models, At(keyword));
                return models is not null;
            case "strategy":
                MarkSeen(seen, "strategy", keyword, owner);
                agent.Strategy = ExpectString(keyword, owner);
                return agent.Strategy is not null;
            case "max_turns":
                MarkSeen(seen, "max_turns", keyword, owner);
                agent.MaxTurns = ExpectInteger(keyword, owner);
                return agent.MaxTurns is not null;
            case "timeout":
                MarkSeen(seen, "timeout", keyword, owner);
                agent.Timeout = ExpectString(keyword, owner);
                return agent.Timeout is not null;
            case "token_budget":
                MarkSeen(seen, "token_budget", keyword, owner);
                agent.TokenBudget = ExpectInteger(keyword, owner);
                return agent.TokenBudget is not null;
            case "temperature":
                MarkSeen(seen, "temperature", keyword, owner);
                agent.Temperature = ExpectNumber(keyword, owner);
                return agent.Temperature is not null;
            case "stream":
                MarkSeen(seen, "stream", keyword, owner);
                agent.Stream = ExpectBool(keyword, owner);
                return agent.Stream is not null;
            case "on_error":
                MarkSeen(seen, "on_error", keyword, owner);
                agent.OnError = ExpectString(keyword, owner);
                return agent.OnError is not null;
            case "max_retries":
                MarkSeen(seen, "max_retries", keyword, owner);
                agent.MaxRetries = ExpectInteger(keyword, owner);
                return agent.MaxRetries is not null;
            case "fallback":
                MarkSeen(seen, "fallback", keyword, owner);
                agent.Fallback = ExpectString(keyword, owner);
                return agent.Fallback is not null;
            case "memory":
                MarkSeen(seen, "memory", keyword, owner);
                return ParseMemory(agent, keyword);
            case "delegate":
                return ParseDelegate(agent, keyword);
            case "connects":
                MarkSeen(seen, "connects to client", keyword, owner);
                SkipOptionalWords("to", "client");
                agent.Client = ExpectString(keyword, owner);
                return agent.Client is not null;
            case "prompt":
                Error(
                    keyword,
                    UnsupportedConstructs.Message("prompt inside an agent"),
                    $"write uses prompt {(Current.Kind == TokenKind.String ? $"\"{Current.Text}\"" : "\"name\"")}");
                return false;
            default:
                return UnsupportedOrUnknown(keyword, owner, AgentKeywords);
        }
    }

    private bool ParseUses(AgentDeclaration agent, Token uses)
    {
        var what = Current;
        if (what.IsIdentifier("prompt"))
        {
            Advance();
            MarkSeen(agent.Attributes, "uses prompt", uses, agent.Title);
            agent.Prompt = ExpectString(what, agent.Title);
            return agent.Prompt is not null;
        }

        if (what.IsIdentifier("skill"))
        {
            Advance();
            var skill = ExpectString(what, agent.Title);
            if (skill is not null)
            {
                agent.Skills.Add(skill);
            }

            return skill is not null;
        }

        if (what.Kind == TokenKind.Identifier && UnsupportedConstructs.TryGet(what.Text, out var construct, out var hint))
        {
            Advance();
            ReportUnsupported(what, construct, hint);
            return true;
        }

        Error(
            what.Line == uses.Line ? what : uses,
            $"expected 'prompt' or 'skill' after 'uses' in {agent.Title}, found {what.Describe()}",
            "write uses prompt \"name\" or uses skill \"name\"");
        return false;
    }

    private bool ParseMemory(AgentDeclaration agent, Token keyword)
    {
        var memory = new MemoryDeclaration(At(keyword));
        agent.Memory = memory;
        var owner = $"memory of {agent.Title}";
        return ParseBody(owner, item =>
        {
            switch (item.Text)
            {
                case "strategy":
                    MarkSeen(memory.Attributes, "strategy", item, owner);
                    memory.Strategy = ExpectString(item, owner);
                    return memory.Strategy is not null;
                case "max_messages":
                    MarkSeen(memory.Attributes, "max_messages", item, owner);
                    memory.MaxMessages = ExpectInteger(item, owner);
                    return memory.MaxMessages is not null;
                default:
                    UnknownAttribute(item, owner, MemoryKeywords);
                    return false;
            }
        });
    }

    private bool ParseDelegate(AgentDeclaration agent, Token keyword)
    {
        SkipOptionalWords("to", "agent");
        var target = ExpectString(keyword, agent.Title);
        if (target is null)
        {
            return false;
        }

        Located<string>? condition = null;
        if (AtKeyword("when"))
        {
            var when = Advance();
            condition = ExpectString(when, agent.Title);
            if (condition is null)
            {
                return false;
            }
        }

        agent.Delegates.Add(new DelegateDeclaration(At(keyword), target, condition));
        return true;
    }

    /// <summary>Consumes the filler words of phrases like <c>connects to client</c>, which the original tool made optional.</summary>
    private void SkipOptionalWords(string first, string second)
    {
        if (AtKeyword(first))
        {
            Advance();
        }

        if (AtKeyword(second))
        {
            Advance();
        }
    }
}
