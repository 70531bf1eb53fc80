namespace AgentSpec.Core.IntentLang;

/// <summary>How bad a <see cref="Diagnostic"/> is. Errors stop lowering; warnings do not.</summary>
public enum DiagnosticSeverity
{
    Error,
    Warning,
}
