namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// A typed field: <c>query string required</c> in a skill's input or output, or a prompt variable
/// (which may also carry <c>default "…"</c>).
/// </summary>
internal sealed class FieldDeclaration(Located<string> name, Located<string> type)
{
    public Located<string> Name { get; } = name;

    public Located<string> Type { get; } = type;

    public bool Required { get; set; }

    public Located<string>? Default { get; set; }
}
