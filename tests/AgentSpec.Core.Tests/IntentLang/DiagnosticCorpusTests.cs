using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// The diagnostics corpus (tests/corpus/diagnostics): one small package per diagnostic, each producing
/// exactly the text of its <c>.expected</c> file, with the file named relative to the corpus folder.
/// </summary>
public sealed class DiagnosticCorpusTests
{
    private const string ExpectedExtension = ".expected";

    /// <summary>Every case: a <c>*.ias</c> file or a directory of them, by name.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in CasesOnDisk())
        {
            data.Add(name);
        }

        return data;
    }

    private static IEnumerable<string> CasesOnDisk() =>
        Directory.EnumerateFiles(TestCorpus.DiagnosticsDirectory, "*.ias")
            .Concat(Directory.EnumerateDirectories(TestCorpus.DiagnosticsDirectory))
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_case_has_an_expected_file_and_every_expected_file_has_a_case()
    {
        var expected = Directory.EnumerateFiles(TestCorpus.DiagnosticsDirectory, "*" + ExpectedExtension)
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal);

        var cases = CasesOnDisk().Select(name => Path.GetFileNameWithoutExtension(name)).Order(StringComparer.Ordinal);

        Assert.Equal(cases, expected);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_produces_exactly_its_one_expected_diagnostic(string name)
    {
        var expected = File.ReadAllText(TestCorpus.Diagnostics(Path.GetFileNameWithoutExtension(name) + ExpectedExtension)).ReplaceLineEndings("\n");

        var result = IntentLangCompiler.Compile(Sources(name));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(expected, diagnostic + "\n");
        Assert.Equal(diagnostic.Severity == DiagnosticSeverity.Error, result.Package is null);
    }

    /// <summary>The case's files, named relative to the corpus folder so the expected text needs no absolute path.</summary>
    private static List<SourceFile> Sources(string name)
    {
        var path = TestCorpus.Diagnostics(name);
        if (File.Exists(path))
        {
            return [new SourceFile(name, File.ReadAllText(path))];
        }

        return Directory.EnumerateFiles(path, "*.ias")
            .Order(StringComparer.Ordinal)
            .Select(file => new SourceFile($"{name}/{Path.GetFileName(file)}", File.ReadAllText(file)))
            .ToList();
    }
}
