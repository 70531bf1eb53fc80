namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>delegate to agent "name" when "condition"</c> inside an agent.</summary>
internal sealed record DelegateDeclaration(SourceLocation Location, Located<string> Agent, Located<string>? Condition);
