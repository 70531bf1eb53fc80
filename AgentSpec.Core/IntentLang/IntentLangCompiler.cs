using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// The IntentLang 2.0 front end: reads <c>.ias</c> files, parses and checks them, and lowers a valid
/// package to resources. Bad input never throws: it comes back as diagnostics, and the package is only
/// produced when there is no error.
/// </summary>
public static class IntentLangCompiler
{
    public const string FileExtension = ".ias";
    public const string SupportedLangVersion = "2.0";

    /// <summary>
    /// How deeply blocks may nest (a declaration's body is level 1). Deploy settings are the only blocks that
    /// nest freely; the limit keeps the recursive-descent parser far from the end of the stack on any input
    /// (see docs/intentlang.md, "Limits").
    /// </summary>
    public const int MaxNestingDepth = 64;

    /// <summary>
    /// Compiles one package from <paramref name="path"/>: a file, or a directory whose <c>*.ias</c> files
    /// (not its subdirectories) are read in ordinal order of their names and must all declare the same package.
    /// </summary>
    public static async Task<CompilationResult> CompileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var diagnostics = new DiagnosticBag();
        var sources = await ReadSourcesAsync(path, diagnostics, cancellationToken);
        return sources is null
            ? new CompilationResult(null, diagnostics.Sorted())
            : Compile(sources, diagnostics, cancellationToken);
    }

    /// <summary>Compiles already-read files as one package (their order is the declaration order).</summary>
    public static CompilationResult Compile(IEnumerable<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Compile(files.ToList(), new DiagnosticBag(), CancellationToken.None);
    }

    /// <summary>Compiles text as a one-file package; <paramref name="path"/> is only used in diagnostics.</summary>
    public static CompilationResult Compile(string path, string text) => Compile([new SourceFile(path, text)]);

    /// <summary>
    /// Checks several paths (each a file or a package directory, each compiled on its own) and returns all
    /// their diagnostics in the order of <paramref name="paths"/>.
    /// </summary>
    public static async Task<IReadOnlyList<Diagnostic>> ValidateAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var all = new List<Diagnostic>();
        foreach (var path in paths)
        {
            var result = await CompileAsync(path, cancellationToken);
            all.AddRange(result.Diagnostics);
        }

        return all;
    }

    private static async Task<List<SourceFile>?> ReadSourcesAsync(string path, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            if (File.Exists(path))
            {
                return await ReadSourceAsync(path, diagnostics, cancellationToken) is { } single ? [single] : null;
            }

            if (!Directory.Exists(path))
            {
                diagnostics.FileError(path, "no such file or directory");
                return null;
            }

            var names = Directory.EnumerateFiles(path, "*" + FileExtension, SearchOption.TopDirectoryOnly)
                .Where(file => file.EndsWith(FileExtension, StringComparison.Ordinal))
                .Select(Path.GetFileName)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToList();
            if (names.Count == 0)
            {
                diagnostics.FileError(path, $"the directory contains no {FileExtension} files", "IntentLang files end in .ias");
                return null;
            }

            // Every file is read (and every bad encoding reported) before giving up on the package.
            var sources = new List<SourceFile>(names.Count);
            var allDecoded = true;
            foreach (var name in names)
            {
                var source = await ReadSourceAsync(Path.Combine(path, name), diagnostics, cancellationToken);
                if (source is null)
                {
                    allDecoded = false;
                }
                else
                {
                    sources.Add(source);
                }
            }

            return allDecoded ? sources : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            diagnostics.FileError(path, $"cannot read: {exception.Message}");
            return null;
        }
    }

    private static async Task<SourceFile?> ReadSourceAsync(string file, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
        return SourceDecoder.Decode(file, bytes, diagnostics) is { } text ? new SourceFile(file, text) : null;
    }

    private static CompilationResult Compile(List<SourceFile> sources, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
        {
            diagnostics.FileError("<input>", "no IntentLang files were given");
            return new CompilationResult(null, diagnostics.Sorted());
        }

        var files = new List<SyntaxFile>(sources.Count);
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(source);
            files.Add(Parser.Parse(source.Path, source.Text ?? string.Empty, diagnostics));
        }

        var (name, version, lang) = CheckHeaders(files, diagnostics);
        var symbols = PackageSymbols.Build(name ?? string.Empty, files, diagnostics);
        StructuralChecker.Check(symbols, diagnostics);
        ReferenceChecker.Check(symbols, diagnostics);
        if (diagnostics.ErrorCount > 0 || name is null || version is null || lang is null)
        {
            return new CompilationResult(null, diagnostics.Sorted());
        }

        return new CompilationResult(PackageLowerer.Lower(name, version, lang, symbols), diagnostics.Sorted());
    }

    /// <summary>Checks each file's header and that all files agree on package, version and lang.</summary>
    private static (string? Name, string? Version, string? Lang) CheckHeaders(List<SyntaxFile> files, DiagnosticBag diagnostics)
    {
        SyntaxFile? first = null;
        foreach (var file in files)
        {
            if (file.Header is not { } header)
            {
                continue;
            }

            CheckHeader(header, diagnostics);
            if (first?.Header is null)
            {
                first = file;
                continue;
            }

            var reference = first.Header;
            Agree(reference.Name, header.Name, "package", first.Path, header.Location, diagnostics);
            Agree(reference.Version, header.Version, "version", first.Path, header.Location, diagnostics);
            Agree(reference.Lang, header.Lang, "lang", first.Path, header.Location, diagnostics);
        }

        var chosen = first?.Header;
        return (chosen?.Name?.Value, chosen?.Version?.Value, chosen?.Lang?.Value);
    }

    private static void Agree(Located<string>? expected, Located<string>? actual, string what, string firstPath, SourceLocation header, DiagnosticBag diagnostics)
    {
        if (expected is null || actual is null || string.Equals(expected.Value, actual.Value, StringComparison.Ordinal))
        {
            return;
        }

        var message = what == "package"
            ? $"this file declares package \"{actual.Value}\", but {firstPath} declares package \"{expected.Value}\""
            : $"this file declares {what} \"{actual.Value}\", but {firstPath} declares {what} \"{expected.Value}\"";
        diagnostics.Error(
            actual.Location.Line > 0 ? actual.Location : header,
            message,
            "all .ias files of a directory form one package with one header; move this file or make the headers agree");
    }

    private static void CheckHeader(PackageHeader header, DiagnosticBag diagnostics)
    {
        var title = header.Name is null ? "the package" : $"package \"{header.Name.Value}\"";
        if (header.Name is { } name)
        {
            if (name.Value.Length == 0)
            {
                diagnostics.Error(name.Location, "the package name must not be empty");
            }
            else if (!InvisibleCharacters.ReportInName("the package name", name.Value, name.Location, diagnostics)
                && name.Value.Any(c => c == '/' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                diagnostics.Error(name.Location, $"the package name \"{name.Value}\" contains '/' or whitespace", "it becomes the first part of every resource id");
            }
        }

        if (header.Version is { } version)
        {
            if (!AttributeRules.IsSemanticVersion(version.Value))
            {
                diagnostics.Error(version.Location, $"invalid version \"{version.Value}\" in the package header", "use semantic versioning: MAJOR.MINOR.PATCH, e.g. \"0.1.0\"");
            }
        }
        else if (!header.Attributes.Contains("version"))
        {
            diagnostics.Error(header.Location, $"{title} has no version", "add version \"0.1.0\" after the package name");
        }

        if (header.Lang is not { } lang)
        {
            if (!header.Attributes.Contains("lang"))
            {
                diagnostics.Error(header.Location, $"{title} has no lang", $"add lang \"{SupportedLangVersion}\" after the version");
            }

            return;
        }

        switch (lang.Value)
        {
            case SupportedLangVersion:
                break;
            case "3.0":
                diagnostics.Error(
                    header.LangKeyword ?? lang.Location,
                    UnsupportedConstructs.Message("IntentLang 3.0"),
                    $"this version of AgentSpec reads lang \"{SupportedLangVersion}\"; 3.0 constructs such as pipeline, type and on input are not available");
                break;
            case "1.0":
                diagnostics.Error(lang.Location, "IntentLang 1.0 is no longer supported", $"upgrade the file to lang \"{SupportedLangVersion}\": tool blocks replace execution, deploy replaces binding");
                break;
            default:
                diagnostics.Error(lang.Location, $"unknown IntentLang version \"{lang.Value}\"", $"use lang \"{SupportedLangVersion}\"");
                break;
        }
    }
}
