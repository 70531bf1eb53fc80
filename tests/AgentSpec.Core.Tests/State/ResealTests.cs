using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// When state and backup are both damaged, the exit-4 hint points to sources that can work, and a copy
/// repaired by hand (valid JSON and schema, wrong checksum) can be restored with an explicit re-seal.
/// </summary>
public sealed class ResealTests
{
    [Fact]
    public async Task The_both_damaged_hint_points_to_valid_copies_and_the_explicit_re_seal_not_to_quarantined_files()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        File.WriteAllText(backend.Paths.State, "{");
        File.WriteAllText(backend.Paths.Backup, "");

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
        Assert.DoesNotContain("quarantined or archived", error.RecoveryHint, StringComparison.Ordinal);
        Assert.Contains("agentspec state recover --from FILE", error.RecoveryHint, StringComparison.Ordinal);
        Assert.Contains("--accept-checksum-mismatch", error.RecoveryHint, StringComparison.Ordinal);
        Assert.Contains("agentspec state verify --state-file FILE", error.RecoveryHint, StringComparison.Ordinal);

        // What the hint says about quarantined copies is true: as they are, they are refused.
        var refused = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() =>
            held.PlanRecoveryAsync(StateRecoverySource.FromFile(error.QuarantinedAs!) with { AcceptChecksumMismatch = true }, CancellationToken.None));
        Assert.Contains("damaged", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_repaired_by_hand_is_refused_with_the_re_seal_named_and_restored_with_it()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var stateBytes = File.ReadAllBytes(backend.Paths.State);

        // The operator repairs a copy by hand: valid JSON and schema, but the checksum no longer matches.
        var repaired = directory.File("repaired.json");
        var json = StateTestSupport.ReadJson(backend.Paths.State);
        json["entries"]![1]!["status"] = StateEntryStatus.Failed;
        json["entries"]![1]!["error"] = "fixed by hand";
        File.WriteAllText(repaired, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.PlanRecoveryAsync(StateRecoverySource.FromFile(repaired), CancellationToken.None));
        Assert.Contains("checksum mismatch", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--accept-checksum-mismatch", refused.Hint, StringComparison.Ordinal);

        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(repaired) with { AcceptChecksumMismatch = true }, CancellationToken.None);
        Assert.StartsWith("checksum mismatch", plan.SourceChecksumProblem, StringComparison.Ordinal);
        var changed = Assert.Single(plan.Lost);
        Assert.Equal("pkg/Agent/b", changed.Fqn);
        Assert.Equal(StateEntryStatus.Failed, changed.Restored!.Status);
        Assert.Equal(stateBytes, File.ReadAllBytes(backend.Paths.State));

        var result = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
        Assert.Equal(3, result.Serial);
        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.IsHealthy);
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal("fixed by hand", state.Find("pkg/Agent/b")!.Error);
        Assert.Equal(stateBytes, File.ReadAllBytes(backend.Paths.Backup));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("unsorted")]
    public async Task Re_sealing_accepts_only_a_checksum_problem(string damage)
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var source = directory.File("source.json");
        File.WriteAllBytes(source, CorruptionTests.Damage(File.ReadAllBytes(backend.Paths.State), damage));

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() =>
            held.PlanRecoveryAsync(StateRecoverySource.FromFile(source) with { AcceptChecksumMismatch = true }, CancellationToken.None));
        Assert.Contains("damaged", refused.Message, StringComparison.Ordinal);
    }
}
