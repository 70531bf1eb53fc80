using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;
using CsCheck;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>Damaged input never crashes the compiler and every diagnostic points inside the file.</summary>
public sealed class RobustnessTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "(", ")", ",", "\"", "\\", "'", "#", "//", "\n", " ", "\t", "@", "=", ".", ":", "-", "1", "2.5", "1e400",
        "agent", "prompt", "skill", "uses", "model", "tool", "command", "environment", "deploy", "target", "package", "lang",
        "pipeline", "on", "input", "config", "\"x\"", "\"unterminated", "\\u12", "true", "required", "😀", "\u0000", "\r",
    ];

    private static readonly string[] Seeds =
    [
        File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")),
        File.ReadAllText(TestCorpus.IntentLang("agent-options.ias")),
        File.ReadAllText(TestCorpus.IntentLang("tool-kinds.ias")),
    ];

    /// <summary>An edit: at a relative position, delete some characters and insert some fragments.</summary>
    private static readonly Gen<(double At, int Delete, string[] Insert)> Edit =
        Gen.Select(Gen.Double[0, 1], Gen.Int[0, 12], Gen.OneOf(Fragments).Array[0, 4]);

    [Fact]
    public void Random_edits_of_valid_files_never_crash_and_positions_stay_in_the_file()
    {
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Edit.Array[1, 6]).Sample(
            (seed, edits) =>
            {
                var text = Seeds[seed];
                foreach (var (at, delete, insert) in edits)
                {
                    var position = (int)(at * text.Length);
                    text = text.Remove(position, Math.Min(delete, text.Length - position)).Insert(position, string.Concat(insert));
                }

                var result = IntentLangCompiler.Compile("fuzz.ias", text);

                var lines = text.Split('\n');
                foreach (var diagnostic in result.Diagnostics)
                {
                    Assert.InRange(diagnostic.Line, 1, lines.Length);
                    Assert.InRange(diagnostic.Column, 1, lines[diagnostic.Line - 1].Length + 1);
                    Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
                }

                Assert.Equal(result.HasErrors, result.Package is null);
            },
            iter: 2000);
    }

    [Fact]
    public void Token_soup_never_crashes()
    {
        Gen.OneOf(Fragments).Array[0, 60].Sample(
            fragments =>
            {
                var text = string.Join(' ', fragments);

                var result = IntentLangCompiler.Compile("soup.ias", text);

                Assert.Equal(result.HasErrors, result.Package is null);
            },
            iter: 2000);
    }
}
