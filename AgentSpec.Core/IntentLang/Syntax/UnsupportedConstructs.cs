namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// Keywords of IntentLang 3.0 and of other dialects that this version recognises only to reject them
/// clearly, at the keyword, instead of failing on their contents or ignoring them.
/// </summary>
internal static class UnsupportedConstructs
{
    private static readonly Dictionary<string, (string Construct, string Hint)> Known = new(StringComparer.Ordinal)
    {
        ["pipeline"] = ("pipeline", "pipelines belong to IntentLang 3.0; chain agents with delegate to agent \"name\" when \"condition\""),
        ["policy"] = ("policy", "policies are not part of IntentLang 2.0; remove the block"),
        ["plugin"] = ("plugin", "plugins are not part of IntentLang 2.0; remove the declaration"),
        ["guardrail"] = ("guardrail", "guardrails are not part of IntentLang 2.0; remove the block and its uses"),
        ["user"] = ("user", "users and API keys are configured on the runtime, not in IntentLang 2.0"),
        ["import"] = ("import", "a package is one .ias file or one directory of them; move the imported declarations into it"),
        ["type"] = ("type", "named types belong to IntentLang 3.0; declare fields inline, e.g. input { query string required }"),
        ["binding"] = ("binding", "bindings were replaced by deploy \"name\" target \"process\" { … }"),
        ["config"] = ("config", "config parameters belong to IntentLang 3.0; use secret and environment blocks"),
        ["validate"] = ("validate", "output validation rules belong to IntentLang 3.0; remove the block"),
        ["eval"] = ("eval", "evaluation cases belong to IntentLang 3.0; remove the block"),
        ["on"] = ("on input", "input handlers belong to IntentLang 3.0; describe the behaviour with the agent's prompt and skills"),
        ["budget"] = ("budget", "spending budgets are not part of IntentLang 2.0; limit tokens with token_budget"),
        ["loop"] = ("loop", "write strategy \"react\" (or another strategy) instead"),
    };

    public static bool TryGet(string keyword, out string construct, out string hint)
    {
        if (Known.TryGetValue(keyword, out var entry))
        {
            (construct, hint) = entry;
            return true;
        }

        construct = string.Empty;
        hint = string.Empty;
        return false;
    }

    public static string Message(string construct) => $"{construct} is not supported by this version of AgentSpec";
}
