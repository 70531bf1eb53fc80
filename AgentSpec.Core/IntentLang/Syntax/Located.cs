namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>A value read from source together with where it was written, so checks can point at it.</summary>
internal sealed record Located<T>(T Value, SourceLocation Location);
