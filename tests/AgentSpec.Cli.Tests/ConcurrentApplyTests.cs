using System.Diagnostics;
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

    private static async Task<CliRun[]> RunAllAtOnceAsync(string directory, IEnumerable<string[]> argumentLists)
    {
        var starts = argumentLists.Select(args => AgentSpecProcess.StartInfo(directory, null, args)).ToList();
        var processes = starts.Select(info => Process.Start(info)!).ToList();
        try
        {
            return await Task.WhenAll(processes.Select(async p =>
            {
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                await p.WaitForExitAsync(timeout.Token);
                return new CliRun(p.ExitCode, await stdout, await stderr);
            }));
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
        }
    }

    [Fact]
    public async Task Ten_processes_applying_different_packages_all_land_in_the_state()
    {
        using var dir = new TempDirectory();
        var packages = Enumerable.Range(0, Processes)
            .Select(i => Packages.Write(dir.Path, $"pkg-{i}.ias", Packages.RecordOnly($"pkg-{i}", agents: 3)))
            .ToList();

        var runs = await RunAllAtOnceAsync(dir.Path, packages.Select(p => new[] { "apply", p, "--auto-approve", "--lock-timeout", "3m" }));

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

        var runs = await RunAllAtOnceAsync(dir.Path, versions.Select(p => new[] { "apply", p, "--auto-approve", "--lock-timeout", "3m", "--output", "json" }));

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
