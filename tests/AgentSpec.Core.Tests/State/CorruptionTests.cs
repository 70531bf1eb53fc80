using System.Text;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 7. Documented behaviour: a damaged state is quarantined (hard link, never deleted) as
/// <c>&lt;state&gt;.corrupt-&lt;UTC&gt;</c>; a valid backup is restored under the lock with the commit protocol and
/// reported with its serial; when the backup is missing or damaged too the load fails with
/// <see cref="StateCorruptedException"/> (CLI exit code 4) and changes nothing else. A damaged backup
/// beside a valid state is quarantined as <c>&lt;state&gt;.bak.corrupt-&lt;UTC&gt;</c> and replaced by the next commit.
/// </summary>
public sealed class CorruptionTests
{
    public static TheoryData<string> Damages => ["truncated", "zero-length", "wrong-checksum", "garbage", "unsorted"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_state_is_quarantined_and_the_backup_restored_with_its_serial_reported(string damage)
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var damagedBytes = Damage(File.ReadAllBytes(backend.Paths.State), damage);
        File.WriteAllBytes(backend.Paths.State, damagedBytes);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var loaded = await held.LoadAsync(CancellationToken.None);
            Assert.NotNull(loaded.Recovery);
            Assert.Equal(1, loaded.Recovery!.RestoredSerial);
            Assert.Contains("serial 1", loaded.Recovery.Describe(), StringComparison.Ordinal);
            Assert.NotNull(loaded.Document.Find("pkg/Agent/a"));
            Assert.Null(loaded.Document.Find("pkg/Agent/b"));
            Assert.True(loaded.Document.Serial > 2 || damage is "zero-length" or "garbage" or "truncated");
            Assert.Equal(damagedBytes, File.ReadAllBytes(loaded.Recovery.QuarantinedAs));
            Assert.StartsWith(backend.Paths.State + ".corrupt-", loaded.Recovery.QuarantinedAs, StringComparison.Ordinal);

            // The restored state is a normal state: the holder commits on top of it.
            var document = loaded.Document;
            document.Upsert(StateTestSupport.Entry("pkg/Agent/b"));
            var committed = await held.CommitAsync(document, CancellationToken.None);
            Assert.Equal(loaded.Document.Serial + 1, committed.Serial);
        }

        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.IsHealthy);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3007 && record.Level == LogLevel.Error);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3008 && record.Level == LogLevel.Error);
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));
    }

    [Fact]
    public async Task Both_damaged_fails_with_recovery_instructions_and_keeps_every_file()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        File.WriteAllBytes(backend.Paths.State, Damage(File.ReadAllBytes(backend.Paths.State), "truncated"));
        File.WriteAllText(backend.Paths.Backup, "garbage \u0001 not json");
        var stateBytes = File.ReadAllBytes(backend.Paths.State);
        var backupBytes = File.ReadAllBytes(backend.Paths.Backup);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
            Assert.IsAssignableFrom<StateRecoveryRequiredException>(error);
            Assert.Contains("agentspec state recover", error.RecoveryHint, StringComparison.Ordinal);
            Assert.NotNull(error.QuarantinedAs);
            Assert.NotNull(error.BackupProblem);
            Assert.Equal(stateBytes, File.ReadAllBytes(error.QuarantinedAs!));
        }

        // Nothing was overwritten or deleted.
        Assert.Equal(stateBytes, File.ReadAllBytes(backend.Paths.State));
        Assert.Equal(backupBytes, File.ReadAllBytes(backend.Paths.Backup));
        Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3009);
        await Assert.ThrowsAsync<StateCorruptedException>(() => backend.ReadAsync(CancellationToken.None));
        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.False(verification.IsHealthy);
        Assert.False(verification.State.Valid);
        Assert.False(verification.Backup.Valid);

        // Loading again does not pile up quarantine copies of the same damaged file.
        await using (var again = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StateCorruptedException>(() => again.LoadAsync(CancellationToken.None));
        }

        Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
    }

    [Fact]
    public async Task A_damaged_state_without_a_backup_fails_with_exit_code_4_semantics()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        File.WriteAllBytes(backend.Paths.State, []);
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
        Assert.Null(error.BackupProblem);
        Assert.Contains("no backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_backup_beside_a_valid_state_is_quarantined_and_replaced_by_the_next_commit()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var garbage = Encoding.UTF8.GetBytes("{\"version\":\"2\",\"serial\":");
        File.WriteAllBytes(backend.Paths.Backup, garbage);
        Assert.False((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);

        var result = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/c")));
        Assert.Equal(3, result.Serial);
        var quarantined = Assert.Single(Directory.GetFiles(directory.Path, "state.json.bak.corrupt-*"));
        Assert.Equal(garbage, File.ReadAllBytes(quarantined));
        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.IsHealthy);
        Assert.Equal(2, verification.Backup.Serial);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), record => record.Id.Id == 3019);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(quarantined, warning.GetStructuredStateValue("quarantined_as"));
    }

    [Fact]
    public async Task A_deleted_state_with_a_backup_is_not_resurrected_without_explicit_recover()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        File.Delete(backend.Paths.State);

        var read = await Assert.ThrowsAsync<StateMissingException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Equal(1, read.BackupSerial);
        Assert.Contains("agentspec state recover --from-backup", read.RecoveryHint, StringComparison.Ordinal);
        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StateMissingException>(() => held.LoadAsync(CancellationToken.None));
            Assert.False(File.Exists(backend.Paths.State));

            // The explicit recover brings it back.
            var plan = await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
            Assert.Equal("the state file does not exist", plan.CurrentProblem);
            Assert.Single(plan.Added);
            var recovered = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);

            // The deleted state (serial 2, one generation ahead of its backup) keeps its serial to itself.
            Assert.Equal(3, recovered.Serial);
        }

        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.NotNull(state.Find("pkg/Agent/a"));
        Assert.Equal(3, state.Serial);
    }

    [Fact]
    public async Task A_state_from_a_newer_version_is_refused_and_left_alone()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        File.WriteAllText(backend.Paths.State, "{\"version\":\"3\",\"serial\":9,\"entries\":[]}");
        var error = await Assert.ThrowsAsync<StateFormatException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Equal("3", error.Version);
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<StateFormatException>(() => held.LoadAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
    }

    internal static byte[] Damage(byte[] bytes, string damage)
    {
        switch (damage)
        {
            case "truncated":
                return bytes[..(bytes.Length * 2 / 3)];
            case "zero-length":
                return [];
            case "garbage":
                return Encoding.UTF8.GetBytes("\u0000\u0000 not json at all");
            case "wrong-checksum":
                // Valid JSON, valid schema: a changed hash that the checksum catches.
                return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("sha256:00", "sha256:01", StringComparison.Ordinal));
            case "unsorted":
                var node = System.Text.Json.Nodes.JsonNode.Parse(bytes)!.AsObject();
                var entries = node["entries"]!.AsArray();
                var first = entries[0]!.DeepClone();
                entries.RemoveAt(0);
                entries.Add(first);
                return Encoding.UTF8.GetBytes(node.ToJsonString());
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }
}
