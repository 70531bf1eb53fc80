using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Real <c>agentspec apply</c> processes started at once on one state file (SC-002).</summary>
public sealed class ConcurrentApplyTests
{
    private const int Processes = 10;

    [Fact]
    public async Task Ten_processes_applying_different_packages_all_land_in_the_state()
    {
        using var dir = new TempDirectory();
        var packages = Enumerable.Range(0, Processes)
            .Select(i => Packages.Write(dir.Path, $"pkg-{i}.ias", Packages.RecordOnly($"pkg-{i}", agents: 3)))
            .ToList();

        var runs = await AgentSpecProcess.RunAllAtOnceAsync(dir.Path, null, packages.Select(p => new[] { "apply", p, "--auto-approve", "--lock-timeout", "3m" }));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        var expected = new List<string>();
        foreach (var path in packages)
        {
            var compiled = await IntentLangCompiler.CompileAsync(path);
            expected.AddRange(compiled.Package!.Resources.Select(r => r.Fqn));
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), state.Entries.Select(e => e.Fqn));
        Assert.Equal(Processes * 4, state.Entries.Count);
        Assert.All(state.Entries, e => Assert.Equal(StateEntryStatus.Applied, e.Status));
        Assert.Equal(Processes, state.Serial);
        Assert.True((await new FileStateBackend(dir.File(".agentspec.state.json")).VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task Ten_processes_applying_versions_of_one_package_leave_exactly_one_version()
    {
        using var dir = new TempDirectory();
        var versions = Enumerable.Range(1, Processes)
            .Select(v => Packages.Write(dir.Path, $"v{v}.ias", Packages.RecordOnly("shared", version: v, agents: 2)))
            .ToList();

        var runs = await AgentSpecProcess.RunAllAtOnceAsync(dir.Path, null, versions.Select(p => new[] { "apply", p, "--auto-approve", "--lock-timeout", "3m", "--output", "json" }));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        var changed = runs.Count(r => JsonNode.Parse(r.Stdout)!["status"]!.GetValue<string>() == "completed");
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Equal(changed, state.Serial);

        var actual = state.Entries.ToDictionary(e => e.Fqn, e => e.Hash);
        var matching = new List<int>();
        for (var v = 0; v < versions.Count; v++)
        {
            var compiled = (await IntentLangCompiler.CompileAsync(versions[v])).Package!;
            var wanted = compiled.Resources.ToDictionary(r => r.Fqn, r => r.Hash);
            if (wanted.Count == actual.Count && wanted.All(p => actual.TryGetValue(p.Key, out var h) && h == p.Value))
            {
                matching.Add(v + 1);
            }
        }

        Assert.Single(matching);
    }
}
