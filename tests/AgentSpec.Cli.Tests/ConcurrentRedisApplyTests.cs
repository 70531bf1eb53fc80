using System.Diagnostics;
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

        var processes = packages
            .Select(p => Process.Start(AgentSpecProcess.StartInfo(dir.Path, redis.Environment(workspace), "apply", p, "--auto-approve", "--lock-timeout", "3m"))!)
            .ToList();
        CliRun[] runs;
        try
        {
            runs = await Task.WhenAll(processes.Select(async p =>
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
