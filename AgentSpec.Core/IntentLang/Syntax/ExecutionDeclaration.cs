namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>execution command "value"</c>: the older way to say how a skill runs.</summary>
internal sealed record ExecutionDeclaration(SourceLocation Location, Located<string> Type, Located<string> Value);
