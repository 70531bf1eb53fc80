using System.Text;
using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Hostile IntentLang reaches the user as ordinary positioned errors and exit code 1. The deep-nesting case runs
/// as a real process: a stack overflow cannot be caught and would kill it ("Stack overflow.", SIGABRT).
/// </summary>
public sealed class HostileInputTests
{
    private const string Header = "package \"deep\" version \"0.1.0\" lang \"2.0\"\n";
    private const int Depth = 15_000;

    private static string DeepDeploy()
    {
        var text = new StringBuilder(Header).Append("deploy \"d\" target \"record-only\" {\n");
        for (var i = 0; i < Depth; i++)
        {
            text.Append("s {\n");
        }

        for (var i = 0; i <= Depth; i++)
        {
            text.Append("}\n");
        }

        return text.ToString();
    }

    private static string ExpectedDepthError(string file) =>
        $"{file}:{IntentLangCompiler.MaxNestingDepth + 2}:3: error: blocks are nested more than {IntentLangCompiler.MaxNestingDepth} levels deep\n"
        + $"  hint: IntentLang allows at most {IntentLangCompiler.MaxNestingDepth} levels of nested blocks (a declaration's body is level 1); flatten the nesting\n";

    [Fact]
    public async Task Validate_of_a_15000_level_file_exits_1_with_the_positioned_error_as_a_real_process()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("deep.ias"), DeepDeploy());

        var run = await AgentSpecProcess.RunAsync(dir.Path, null, "validate", "deep.ias");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(ExpectedDepthError("deep.ias") + "1 error found.\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("apply")]
    public async Task Plan_and_apply_of_a_15000_level_file_stop_with_the_positioned_error(string command)
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("deep.ias"), DeepDeploy());

        var run = await InProcessCli.RunAsync(dir.Path, null, command, "deep.ias");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith(ExpectedDepthError("deep.ias"), run.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(["deep.ias"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Validate_of_a_file_with_invalid_utf8_exits_1_with_the_position_of_the_bad_byte()
    {
        using var dir = new TempDirectory();
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Header + "prompt \"p\" {\n  content \"caf"), 0xE9, .. "\"\n}\n"u8];
        await File.WriteAllBytesAsync(dir.File("latin1.ias"), bytes);

        var run = await InProcessCli.RunAsync(dir.Path, null, "validate", "latin1.ias");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "latin1.ias:3:15: error: the file is not valid UTF-8: invalid byte sequence 0xE9\n"
            + "  hint: IntentLang files are UTF-8; save the file as UTF-8 (nothing in it was read or hashed)\n1 error found.\n",
            run.Stderr.ReplaceLineEndings("\n"));
    }
}
