using System.Text;
using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// Blocks nest at most <see cref="IntentLangCompiler.MaxNestingDepth"/> levels: deeper input is one positioned
/// error, never a stack overflow (docs/intentlang.md, "Limits").
/// </summary>
public sealed class NestingDepthTests
{
    private const int Limit = IntentLangCompiler.MaxNestingDepth;

    /// <summary>
    /// <c>deploy "d" target "process" {</c> then <paramref name="nestedBlocks"/> blocks <c>s {</c>, one per line,
    /// each closed on its own line. The deploy body is level 1, so the deepest block is level nestedBlocks + 1.
    /// </summary>
    private static string DeepDeploy(int nestedBlocks)
    {
        var text = new StringBuilder(Source.Header).Append("deploy \"d\" target \"process\" {\n");
        for (var i = 0; i < nestedBlocks; i++)
        {
            text.Append("s {\n");
        }

        text.Append("leaf 1\n");
        for (var i = 0; i <= nestedBlocks; i++)
        {
            text.Append("}\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Blocks_nested_up_to_the_limit_are_accepted()
    {
        var result = Source.Compile(DeepDeploy(Limit - 1));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var settings = Assert.Single(result.Package!.DeployTargets).Settings;
        for (var level = 2; level <= Limit; level++)
        {
            settings = settings["s"]!.AsObject();
        }

        Assert.Equal(1, settings["leaf"]!.GetValue<long>());
    }

    [Fact]
    public void One_level_more_is_one_error_at_the_brace_that_opens_it()
    {
        var text = DeepDeploy(Limit);
        // Line 1 header, line 2 deploy, then "s {" lines: the brace opening level Limit + 1 is on line Limit + 2.
        var error = Assert.Single(Source.Compile(text).Errors);

        Assert.Equal((Source.FileName, Limit + 2, 3), (error.File, error.Line, error.Column));
        Assert.Equal($"blocks are nested more than {Limit} levels deep", error.Message);
        Assert.Equal(
            $"IntentLang allows at most {Limit} levels of nested blocks (a declaration's body is level 1); flatten the nesting",
            error.Hint);
    }

    [Theory]
    [InlineData(15_000)]
    [InlineData(100_000)]
    public void Thousands_of_levels_are_one_error_not_a_stack_overflow(int depth)
    {
        var result = Source.Compile(DeepDeploy(depth));

        var error = Assert.Single(result.Errors);
        Assert.Equal((Limit + 2, 3), (error.Line, error.Column));
        Assert.Null(result.Package);
    }

    [Fact]
    public void Thousands_of_levels_on_one_line_never_closed_stay_a_bounded_list_of_errors()
    {
        const string deploy = "deploy \"d\" target \"process\" {";
        var text = Source.Header + deploy + string.Concat(Enumerable.Repeat(" s {", 50_000));

        var result = Source.Compile(text);

        var depthError = Assert.Single(result.Errors, e => e.Message.StartsWith("blocks are nested", StringComparison.Ordinal));
        // Each " s {" is four columns; the brace of the Limit-th one opens level Limit + 1.
        Assert.Equal((2, deploy.Length + (4 * Limit)), (depthError.Line, depthError.Column));
        Assert.InRange(result.Errors.Count(), 1, Limit + 1);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("(", ")")]
    [InlineData("{", "}")]
    public void Deep_brackets_of_any_kind_in_any_position_never_overflow(string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 50_000)) + string.Concat(Enumerable.Repeat(close, 50_000));
        string[] places =
        [
            deep,
            $"agent \"a\" {{ model {deep} }}",
            $"agent \"a\" {{ memory {deep} }}",
            $"skill \"s\" {{ tool command {{ env {deep} }} }}",
            $"skill \"s\" {{ input {deep} }}",
            $"environment \"e\" {{ agent \"a\" {deep} }}",
            $"deploy \"d\" target \"process\" {{ s {deep} }}",
            $"deploy \"d\" target \"process\" {{ s [{deep}] }}",
            $"pipeline \"p\" {deep}",
            $"secret \"k\" {{ env{deep} }}",
        ];

        foreach (var place in places)
        {
            var result = Source.Compile(Source.Header + place + "\n");

            Assert.True(result.HasErrors, place[..Math.Min(60, place.Length)]);
            Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString()));
        }
    }
}
