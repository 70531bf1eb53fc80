using AgentSpec.Core.IntentLang;
using AgentSpec.Core.State;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Real <c>agentspec apply</c> processes started at once on one Redis workspace (acceptance 2 of the Redis backend).</summary>
public sealed class ConcurrentRedisApplyTests(StateRedisFixture redis) : IClassFixture<StateRedisFixture>
{
    private const int Processes = 10;

    [Fact]
    public async Task Ten_processes_applying_different_packages_to_one_workspace_all_land_in_it()
    {
        using var dir = new TempDirectory();
        var workspace = StateRedisFixture.NewWorkspace();
        var packages = Enumerable.Range(0, Processes)
            .Select(i => Packages.Write(dir.Path, $"pkg-{i}.ias", Packages.RecordOnly($"pkg-{i}", agents: 3)))
            .ToList();

        var runs = await AgentSpecProcess.RunAllAtOnceAsync(dir.Path, redis.Environment(workspace), packages.Select(p => new[] { "apply", p, "--auto-approve", "--lock-timeout", "3m" }));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var backend = redis.Backend(workspace);
        var state = await backend.ReadAsync(CancellationToken.None);
        var expected = new List<string>();
        foreach (var path in packages)
        {
            var compiled = await IntentLangCompiler.CompileAsync(path);
            expected.AddRange(compiled.Package!.Resources.Select(r => r.Fqn));
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), state.Entries.Select(e => e.Fqn));
        Assert.All(state.Entries, e => Assert.Equal(StateEntryStatus.Applied, e.Status));
        Assert.Equal(Processes, state.Serial);
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
    }
}
