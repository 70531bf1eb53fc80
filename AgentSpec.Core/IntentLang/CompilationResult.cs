using AgentSpec.Core.Resources;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// The outcome of compiling one IntentLang package. <see cref="Package"/> is set exactly when there
/// are no errors; <see cref="Diagnostics"/> (errors and warnings) are sorted by file, line and column.
/// </summary>
public sealed class CompilationResult
{
    public CompilationResult(LoweredPackage? package, IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        Package = package;
        Diagnostics = diagnostics;
        HasErrors = diagnostics.Any(d => d.IsError);
    }

    public LoweredPackage? Package { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public bool HasErrors { get; }

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
