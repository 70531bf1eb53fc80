namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// <c>tool command { … }</c>, <c>tool http { … }</c>, <c>tool inline { … }</c> or <c>tool mcp "server/tool"</c>.
/// Only the attributes of <see cref="Type"/> are ever set.
/// </summary>
internal sealed class ToolDeclaration(SourceLocation location, Located<string> type)
{
    public const string Command = "command";
    public const string Http = "http";
    public const string Inline = "inline";
    public const string Mcp = "mcp";

    public static IReadOnlyList<string> Types { get; } = [Command, Http, Inline, Mcp];

    public SourceLocation Location { get; } = location;

    public Located<string> Type { get; } = type;

    public Dictionary<string, SourceLocation> Attributes { get; } = new(StringComparer.Ordinal);

    public Located<string>? ServerTool { get; set; }

    public Located<string>? Binary { get; set; }

    public List<Located<string>>? Args { get; set; }

    public Located<string>? Timeout { get; set; }

    public List<KeyValueEntry>? Env { get; set; }

    public List<KeyValueEntry>? Secrets { get; set; }

    public Located<string>? Method { get; set; }

    public Located<string>? Url { get; set; }

    public List<KeyValueEntry>? Headers { get; set; }

    public Located<string>? BodyTemplate { get; set; }

    public Located<string>? Language { get; set; }

    public Located<string>? Code { get; set; }

    public Located<string>? MemoryLimit { get; set; }
}
