using AgentSpec.Cli.Output;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;

namespace AgentSpec.Cli.Commands;

/// <summary>Compiles the IntentLang package a command works on and reports its diagnostics.</summary>
public static class PackageLoader
{
    /// <summary>
    /// Compiles <paramref name="path"/> (a file, or a directory of one package's <c>*.ias</c> files).
    /// Diagnostics go to stderr; errors stop the command with exit code 1.
    /// </summary>
    public static async Task<LoweredPackage> LoadAsync(CliContext context, CommandSettings settings, string? path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var fullPath = settings.ResolvePath(string.IsNullOrEmpty(path) ? "." : path);
        if (!File.Exists(fullPath) && !Directory.Exists(fullPath))
        {
            throw new CliException($"{fullPath} does not exist.", "Pass an .ias file or a directory that contains one package's .ias files.") { Code = "not_found" };
        }

        var result = await IntentLangCompiler.CompileAsync(fullPath, cancellationToken);
        WriteDiagnostics(context, settings, result.Diagnostics);
        if (result.HasErrors || result.Package is null)
        {
            var errors = result.Errors.Count();
            throw new CliException(
                $"{DisplayPath(settings, fullPath)} has {errors} error{(errors == 1 ? string.Empty : "s")}; nothing was planned or applied.",
                "Fix the errors above; `agentspec validate` checks files without touching state.") { Code = "invalid_configuration" };
        }

        return result.Package;
    }

    public static void WriteDiagnostics(CliContext context, CommandSettings settings, IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            var shown = Relative(settings, diagnostic);
            var text = shown.ToString();
            context.Error.WriteLine(diagnostic.IsError ? settings.Ansi.Red(text) : settings.Ansi.Yellow(text));
        }
    }

    public static DiagnosticJson ToJson(CommandSettings settings, Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(diagnostic);
        var shown = Relative(settings, diagnostic);
        return new DiagnosticJson(shown.File, shown.Line, shown.Column, shown.SeverityName, shown.Message, shown.Hint);
    }

    /// <summary>The diagnostic with every path under the working directory shown relative to it, in its text too.</summary>
    private static Diagnostic Relative(CommandSettings settings, Diagnostic diagnostic)
    {
        var prefix = settings.WorkingDirectory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return diagnostic with
        {
            File = DisplayPath(settings, diagnostic.File),
            Message = diagnostic.Message.Replace(prefix, string.Empty, StringComparison.Ordinal),
            Hint = diagnostic.Hint?.Replace(prefix, string.Empty, StringComparison.Ordinal),
        };
    }

    /// <summary>Paths under the working directory are shown relative to it, as compilers do.</summary>
    public static string DisplayPath(CommandSettings settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Path.IsPathRooted(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(settings.WorkingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
