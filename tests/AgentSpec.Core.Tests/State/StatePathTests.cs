using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A symbolic link (or a directory) at the state path is a configuration problem, not damage: it is
/// reported with what to do, never followed, quarantined or replaced, whether or not a backup exists.
/// </summary>
public sealed class StatePathTests
{
    [Fact]
    public async Task A_symbolic_link_at_the_state_path_is_reported_as_such_and_left_alone()
    {
        using var directory = new TempDirectory();
        var real = new FileStateBackend(directory.File("real.json"));
        await StateTestSupport.CommitAsync(real, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var realBytes = File.ReadAllBytes(real.Paths.State);
        var linked = new FileStateBackend(directory.File("state.json"));
        File.CreateSymbolicLink(linked.Paths.State, "real.json");

        var verification = await linked.VerifyAsync(CancellationToken.None);
        Assert.Equal(StateFileCondition.NotARegularFile, verification.State.Condition);
        Assert.StartsWith("a symbolic link", verification.State.Problem, StringComparison.Ordinal);
        Assert.False(verification.NeedsRecovery);
        Assert.False(verification.IsHealthy);

        var read = await Assert.ThrowsAsync<StatePathException>(() => linked.ReadAsync(CancellationToken.None));
        Assert.Equal(real.Paths.State, read.LinkTarget);
        Assert.Contains("is a symbolic link", read.Message, StringComparison.Ordinal);
        Assert.Contains($"--state-file {real.Paths.State}", read.Hint, StringComparison.Ordinal);

        await using (var held = await linked.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StatePathException>(() => held.LoadAsync(CancellationToken.None));
            await Assert.ThrowsAsync<StatePathException>(() => held.PlanRecoveryAsync(StateRecoverySource.FromFile(real.Location), CancellationToken.None));
        }

        Assert.Equal("real.json", new FileInfo(linked.Paths.State).LinkTarget);
        Assert.Equal(realBytes, File.ReadAllBytes(real.Paths.State));
        Assert.Empty(Directory.GetFiles(directory.Path, "*corrupt-*"));
    }

    [Fact]
    public async Task A_directory_at_the_state_path_is_a_configuration_problem_too()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        Directory.CreateDirectory(backend.Paths.State);

        var error = await Assert.ThrowsAsync<StatePathException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
        Assert.Null(error.LinkTarget);
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<StatePathException>(() => held.LoadAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFiles(directory.Path, "*corrupt-*"));
    }

    [Fact]
    public async Task A_recovery_source_given_through_a_link_is_read_from_the_file_it_names()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var archive = directory.File("archive.json");
        File.Copy(backend.Paths.State, archive);
        var latest = directory.File("latest.json");
        File.CreateSymbolicLink(latest, archive);

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(latest), CancellationToken.None);
        Assert.Equal(archive, plan.SourcePath);
    }
}
