using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary><c>state recover</c>: explicit restore with lineage and serial checks, showing what would be lost.</summary>
public sealed class StateRecoveryTests
{
    [Fact]
    public async Task Recovering_from_the_backup_shows_what_is_lost_and_keeps_the_current_state_as_the_new_backup()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a", "sha256:a1")));
        await StateTestSupport.CommitAsync(backend, doc =>
        {
            doc.Upsert(StateTestSupport.Entry("pkg/Agent/a", "sha256:a2"));
            doc.Upsert(StateTestSupport.Entry("pkg/Agent/b"));
        });
        var currentBytes = File.ReadAllBytes(backend.Paths.State);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock with { Operation = "state recover" }, CancellationToken.None))
        {
            var plan = await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
            Assert.True(plan.LineageMatches);
            Assert.Null(plan.CurrentProblem);
            Assert.Equal(1, plan.Source.Serial);
            Assert.Equal(3, plan.NewSerial);
            Assert.Equal(["pkg/Agent/a", "pkg/Agent/b"], plan.Lost.Select(change => change.Fqn));
            Assert.Equal("sha256:a1", plan.Lost[0].Restored!.Hash);
            Assert.Null(plan.Lost[1].Restored);
            Assert.Empty(plan.Added);
            var result = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
            Assert.Equal(3, result.Serial);
        }

        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal("sha256:a1", state.Find("pkg/Agent/a")!.Hash);
        Assert.Null(state.Find("pkg/Agent/b"));
        Assert.Equal(currentBytes, File.ReadAllBytes(backend.Paths.Backup));
    }

    [Fact]
    public async Task Recovering_from_a_file_of_another_lineage_needs_explicit_consent()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        var foreign = new FileStateBackend(directory.File("other.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(foreign, doc => doc.Upsert(StateTestSupport.Entry("other/Agent/x")));
        await StateTestSupport.CommitAsync(foreign, doc => doc.Upsert(StateTestSupport.Entry("other/Agent/y")));
        var before = File.ReadAllBytes(backend.Paths.State);

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(foreign.Paths.State), CancellationToken.None);
        Assert.False(plan.LineageMatches);
        Assert.Equal(2, plan.Added.Count);
        var refused = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None));
        Assert.Contains("lineage", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(backend.Paths.State));

        var result = await held.RecoverAsync(plan, allowLineageChange: true, CancellationToken.None);
        Assert.Equal(3, result.Serial);
        Assert.Equal(plan.Source.Lineage, result.Document.Lineage);

        // The holder can go on committing after a recovery.
        var document = result.Document;
        document.Upsert(StateTestSupport.Entry("other/Agent/z"));
        Assert.Equal(4, (await held.CommitAsync(document, CancellationToken.None)).Serial);
    }

    [Fact]
    public async Task Recovery_refuses_damaged_or_missing_sources_and_a_state_that_changed_since_the_plan()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None));
        var garbage = directory.File("garbage.json");
        File.WriteAllText(garbage, "{");
        var damaged = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.PlanRecoveryAsync(StateRecoverySource.FromFile(garbage), CancellationToken.None));
        Assert.Contains("damaged", damaged.Message, StringComparison.Ordinal);

        var copy = directory.File("copy.json");
        File.Copy(backend.Paths.State, copy);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(copy), CancellationToken.None);

        // Someone replaces the state behind the plan's back (same content, new file).
        File.WriteAllBytes(backend.Paths.State + ".swap", File.ReadAllBytes(copy));
        File.Move(backend.Paths.State + ".swap", backend.Paths.State, overwrite: true);
        await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None));
    }

    [Fact]
    public async Task The_original_tools_state_can_be_the_recovery_source()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        File.WriteAllText(backend.Paths.State, "");
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(TestCorpus.UpstreamState), CancellationToken.None);
        Assert.NotNull(plan.CurrentProblem);
        Assert.Equal(8, plan.Added.Count);
        var result = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);

        // The emptied file's serial is unknown: it counts as one above everything readable (serial 0 here).
        Assert.Equal(2, result.Serial);
        Assert.Equal("2", result.Document.Version);
        Assert.True(Guid.TryParse(result.Document.Lineage, out _));
        Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
    }
}
