namespace AgentSpec.Core.IntentLang;

/// <summary>IntentLang text and the path that diagnostics name for it.</summary>
public sealed record SourceFile(string Path, string Text);
