using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>A directory is one package made of its <c>*.ias</c> files, read in ordinal order.</summary>
public sealed class DirectoryInputTests
{
    private const string Header = "package \"multi\" version \"1.0.0\" lang \"2.0\"\n";

    [Fact]
    public async Task All_ias_files_of_a_directory_form_one_package_with_references_across_files()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("b-agents.ias"), Header + "agent \"helper\" {\n  uses prompt \"system\"\n  model \"m\"\n}\ndeploy \"second\" target \"docker\" {\n}\n");
        await File.WriteAllTextAsync(directory.File("a-prompts.ias"), Header + "prompt \"system\" {\n  content \"c\"\n}\ndeploy \"first\" target \"process\" {\n}\n");
        await File.WriteAllTextAsync(directory.File("notes.txt"), "not IntentLang {");
        Directory.CreateDirectory(directory.File("nested"));
        await File.WriteAllTextAsync(Path.Combine(directory.File("nested"), "other.ias"), "package \"other\" version \"1.0.0\" lang \"2.0\"\n");

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal("multi", result.Package!.Name);
        Assert.Equal(["multi/Agent/helper", "multi/Prompt/system"], result.Package.Resources.Select(r => r.Fqn));
        Assert.Equal(["first", "second"], result.Package.DeployTargets.Select(d => d.Name));
    }

    [Fact]
    public async Task A_file_declaring_another_package_is_reported_at_its_package_name()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("a.ias"), Header + "prompt \"p\" {\n  content \"c\"\n}\n");
        await File.WriteAllTextAsync(directory.File("b.ias"), "package \"intruder\" version \"1.0.0\" lang \"2.0\"\n");

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((directory.File("b.ias"), 1, 9), (error.File, error.Line, error.Column));
        Assert.Equal($"this file declares package \"intruder\", but {directory.File("a.ias")} declares package \"multi\"", error.Message);
        Assert.Null(result.Package);
    }

    [Fact]
    public async Task Versions_must_agree_across_files_too()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("a.ias"), Header);
        await File.WriteAllTextAsync(directory.File("b.ias"), "package \"multi\" version \"2.0.0\" lang \"2.0\"\n");

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((directory.File("b.ias"), 1, 25), (error.File, error.Line, error.Column));
        Assert.StartsWith("this file declares version \"2.0.0\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_across_files_names_the_first_declaration()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("a.ias"), Header + "prompt \"p\" {\n  content \"c\"\n}\n");
        await File.WriteAllTextAsync(directory.File("b.ias"), Header + "prompt \"p\" {\n  content \"d\"\n}\n");

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((directory.File("b.ias"), 2, 8, "duplicate prompt \"p\""), (error.File, error.Line, error.Column, error.Message));
        Assert.Equal($"prompt \"p\" is already declared at {directory.File("a.ias")}:2:8", error.Hint);
    }

    [Fact]
    public async Task A_directory_without_ias_files_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("readme.md"), "# nothing");

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal($"{directory.Path}: error: the directory contains no .ias files\n  hint: IntentLang files end in .ias", error.ToString());
        Assert.Null(result.Package);
    }

    [Fact]
    public async Task A_missing_path_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        var missing = directory.File("nope.ias");

        var diagnostics = await IntentLangCompiler.ValidateAsync([missing]);

        var error = Assert.Single(diagnostics);
        Assert.Equal($"{missing}: error: no such file or directory", error.ToString());
    }

    [Fact]
    public async Task The_corpus_directory_of_separate_packages_is_not_one_package()
    {
        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLangDirectory);

        Assert.True(result.HasErrors);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("this file declares package", StringComparison.Ordinal));
    }

    [Fact]
    public void Compile_takes_already_read_files_in_the_given_order()
    {
        var result = IntentLangCompiler.Compile(
        [
            new SourceFile("x/one.ias", Header + "agent \"a\" {\n  uses prompt \"p\"\n  model \"m\"\n}\n"),
            new SourceFile("x/two.ias", Header + "prompt \"p\" {\n  content \"c\"\n}\n"),
        ]);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, result.Package!.Resources.Count);
    }
}
