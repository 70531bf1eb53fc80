using System.Text;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>
/// README.md's CLI tour shows what a fresh run prints: every <c>$ agentspec …</c> of its console blocks is
/// run, in order, by the real <c>agentspec</c> process in a fresh copy of <c>examples/</c>, and its stdout
/// must equal the output shown (normalised only by <see cref="TourTranscript"/>). The tour's runtime part
/// is written for the runtime the AppHost orchestrates (<c>dotnet run --project AgentSpec.AppHost</c> and
/// its <c>export</c> line); here those commands run against a real runtime started in this process
/// (<see cref="RuntimeInstance"/>, in-memory sessions, the offline model) with the same exported
/// variables, set to that runtime's URL and key. The CLI output does not depend on which store the runtime uses.
/// </summary>
public sealed class ReadmeTourTests
{
    private static string RepositoryRoot => RedisServer.RepositoryRoot();

    private static ReadmeTour ReadTour() => ReadmeTour.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")));

    [Fact]
    public void The_tour_is_read_from_the_readme()
    {
        var tour = ReadTour();

        Assert.Equal(
            [
                "validate", "plan", "apply", "plan", "state list", "state status", "state verify", "destroy --auto-approve",
                "apply --auto-approve", "agents", "sessions create support-bot", "sessions send", "sessions history",
            ],
            tour.Steps.Select(s => string.Join(' ', s.Arguments.Take(s.Arguments[0] == "sessions" && s.Arguments[1] != "create" ? 2 : s.Arguments.Count))));
        Assert.All(tour.Steps.Take(8), s => Assert.Equal("examples/record-only", s.ExampleDirectory));
        Assert.All(tour.Steps.Skip(8), s => Assert.Equal("examples/support-bot", s.ExampleDirectory));
        Assert.All(tour.Steps.Skip(8), s => Assert.Equal([RuntimeVariables.RuntimeUrl, RuntimeVariables.ApiKey], s.ExportedVariables));
        Assert.Equal("Where is order 1042?", tour.Steps.Single(s => s.Arguments is ["sessions", "send", ..]).Arguments[^1]);
        Assert.Equal("yes", Assert.Single(tour.Steps, s => s.TypedAnswer is not null).TypedAnswer);
        Assert.All(tour.Steps, s => Assert.NotEmpty(s.ShownOutput));
    }

    [Fact]
    public async Task Every_command_of_the_tour_prints_what_the_readme_shows()
    {
        var tour = ReadTour();
        using var checkout = new TempDirectory("agentspec-readme-tour-");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "examples"), "*.ias", SearchOption.AllDirectories))
        {
            var target = Path.Combine(checkout.Path, Path.GetRelativePath(RepositoryRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await using var runtime = await RuntimeInstance.StartAsync();
        var runtimeVariables = new Dictionary<string, string>
        {
            [RuntimeVariables.RuntimeUrl] = runtime.BaseAddress.ToString().TrimEnd('/'),
            [RuntimeVariables.ApiKey] = RuntimeInstance.ApiKey,
        };

        // Session ids the README shows, mapped to the ones this run created, so later commands address the real session.
        var sessionIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var differences = new StringBuilder();
        foreach (var step in tour.Steps)
        {
            var environment = new Dictionary<string, string>();
            foreach (var name in step.ExportedVariables)
            {
                environment[name] = runtimeVariables.TryGetValue(name, out var value)
                    ? value
                    : throw new InvalidOperationException($"The README tour exports {name}, which this test does not know how to provide.");
            }

            // Nothing from the test runner's environment points the commands elsewhere: only what the tour exported.
            foreach (var name in runtimeVariables.Keys.Where(n => !environment.ContainsKey(n)))
            {
                environment[name] = string.Empty;
            }

            var arguments = step.Arguments.Select(a => sessionIds.GetValueOrDefault(a, a)).ToArray();
            var stdin = step.TypedAnswer is null ? string.Empty : step.TypedAnswer + "\n";
            var run = await AgentSpecProcess.RunWithInputAsync(Path.Combine(checkout.Path, step.ExampleDirectory), environment, stdin, arguments);

            // The tour runs only commands that succeed; plan's 2 says there are changes. stderr stays quiet.
            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.PlanHasChanges, $"$ {step.CommandLine}\n{run}");
            Assert.True(run.Stderr.Length == 0, $"$ {step.CommandLine} wrote to stderr, which the README does not show:\n{run.Stderr}");
            var printed = TourTranscript.Lines(TourTranscript.AsTerminalShowsIt(run.Stdout, step.TypedAnswer), checkout.Path);
            if (TourTranscript.FirstSessionId(step.ShownOutput) is { } shownId && TourTranscript.FirstSessionId(printed) is { } realId)
            {
                sessionIds.TryAdd(shownId, realId);
            }

            if (!printed.Select(TourTranscript.Normalize).SequenceEqual(step.ShownOutput.Select(TourTranscript.Normalize)))
            {
                differences.Append("$ ").AppendLine(step.CommandLine)
                    .AppendLine("--- README shows:").AppendJoin('\n', step.ShownOutput).AppendLine()
                    .AppendLine("--- a fresh run prints:").AppendJoin('\n', printed).AppendLine().AppendLine();
            }
        }

        Assert.True(differences.Length == 0, $"README.md's tour differs from a fresh run:\n{differences}");
    }
}
