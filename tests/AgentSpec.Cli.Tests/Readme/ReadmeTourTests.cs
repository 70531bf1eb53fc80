using System.Text;
using AgentSpec.Core.CliContract;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>
/// README.md's CLI tour shows what a fresh run prints: every <c>$ agentspec …</c> of its console blocks is
/// run, in order, by the real <c>agentspec</c> process in a fresh copy of the tour's example folder, and its
/// stdout must equal the output shown (normalised only by <see cref="TourTranscript"/>). The tour needs no
/// runtime (its example deploys to the record-only target).
/// </summary>
public sealed class ReadmeTourTests
{
    private static string RepositoryRoot => RedisServer.RepositoryRoot();

    [Fact]
    public void The_tour_is_read_from_the_readme()
    {
        var tour = ReadmeTour.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")));

        Assert.Equal("examples/record-only", tour.ExampleDirectory);
        Assert.Equal(
            ["validate", "plan", "apply", "plan", "state list", "state status", "state verify", "destroy --auto-approve"],
            tour.Steps.Select(s => string.Join(' ', s.Arguments)));
        Assert.Equal("yes", Assert.Single(tour.Steps, s => s.TypedAnswer is not null).TypedAnswer);
        Assert.All(tour.Steps, s => Assert.NotEmpty(s.ShownOutput));
    }

    [Fact]
    public async Task Every_command_of_the_tour_prints_what_the_readme_shows()
    {
        var tour = ReadmeTour.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "README.md")));
        using var dir = new TempDirectory("agentspec-readme-tour-");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, tour.ExampleDirectory), "*.ias"))
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        var differences = new StringBuilder();
        foreach (var step in tour.Steps)
        {
            var stdin = step.TypedAnswer is null ? string.Empty : step.TypedAnswer + "\n";
            var run = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, stdin, [.. step.Arguments]);

            // The tour runs only commands that succeed; plan's 2 says there are changes. stderr stays quiet.
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.PlanHasChanges, $"$ {step.CommandLine}\n{run}");
            Assert.True(run.Stderr.Length == 0, $"$ {step.CommandLine} wrote to stderr, which the README does not show:\n{run.Stderr}");
            var printed = TourTranscript.Lines(TourTranscript.AsTerminalShowsIt(run.Stdout, step.TypedAnswer), dir.Path, tour.ExampleDirectory);
            var shown = step.ShownOutput.Select(TourTranscript.Normalize).ToList();
            if (!printed.Select(TourTranscript.Normalize).SequenceEqual(shown))
            {
                differences.Append("$ ").AppendLine(step.CommandLine)
                    .AppendLine("--- README shows:").AppendJoin('\n', step.ShownOutput).AppendLine()
                    .AppendLine("--- a fresh run prints:").AppendJoin('\n', printed).AppendLine().AppendLine();
            }
        }

        Assert.True(differences.Length == 0, $"README.md's tour differs from a fresh run:\n{differences}");
    }
}
