using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A state written by a newer AgentSpec (a format version above "2") is not damage: every path — unlocked
/// read, locked load, verify, status, explicit and automatic recovery — reports it the same way and none
/// quarantines or replaces it. An unknown version that is not a newer number is damage.
/// </summary>
public sealed class NewerFormatTests
{
    private const string NewerState = "{\"version\":\"3\",\"serial\":9,\"lineage\":\"d0c2a7f3-2f0b-4f7e-9a59-8f3c2b1a0e11\",\"entries\":[],\"shards\":{}}\n";

    [Fact]
    public async Task Every_command_reports_a_newer_state_the_same_way_and_none_touches_it()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        File.WriteAllText(backend.Paths.State + ".new", NewerState);
        File.Move(backend.Paths.State + ".new", backend.Paths.State, overwrite: true);
        var newerBytes = File.ReadAllBytes(backend.Paths.State);
        var backupBytes = File.ReadAllBytes(backend.Paths.Backup);

        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.Equal(StateFileCondition.NewerFormat, verification.State.Condition);
        Assert.Equal("written by a newer AgentSpec (format 3)", verification.State.Problem);
        Assert.Equal(9, verification.State.Serial);
        Assert.False(verification.NeedsRecovery);
        Assert.False(verification.IsHealthy);
        Assert.Equal(StateFileCondition.NewerFormat, (await backend.GetStatusAsync(CancellationToken.None)).State.Condition);

        var read = await Assert.ThrowsAsync<StateFormatException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Equal("3", read.Version);
        Assert.Contains("written by a newer AgentSpec (format 3)", read.Message, StringComparison.Ordinal);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StateFormatException>(() => held.LoadAsync(CancellationToken.None));

            // An explicit recovery is refused before anything changes, from the backup or from a file.
            await Assert.ThrowsAsync<StateFormatException>(() => held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None));
            var copy = directory.File("copy.json");
            File.Copy(backend.Paths.Backup, copy);
            await Assert.ThrowsAsync<StateFormatException>(() => held.PlanRecoveryAsync(StateRecoverySource.FromFile(copy), CancellationToken.None));
        }

        Assert.Equal(newerBytes, File.ReadAllBytes(backend.Paths.State));
        Assert.Equal(backupBytes, File.ReadAllBytes(backend.Paths.Backup));
        Assert.Empty(Directory.GetFiles(directory.Path, "state.json*corrupt-*"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Id.Id is 3007 or 3008 or 3009 or 3017);
    }

    [Fact]
    public async Task A_truncated_file_that_names_a_newer_format_is_left_to_that_version()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        File.WriteAllText(backend.Paths.State, NewerState[..40]);

        var check = (await backend.VerifyAsync(CancellationToken.None)).State;
        Assert.Equal(StateFileCondition.NewerFormat, check.Condition);
        Assert.Equal(9, check.Serial);
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<StateFormatException>(() => held.LoadAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task An_unknown_version_that_is_not_a_newer_number_is_damage(string version)
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var json = StateTestSupport.ReadJson(backend.Paths.State);
        json["version"] = version;
        File.WriteAllText(backend.Paths.State, json.ToJsonString());

        var check = (await backend.VerifyAsync(CancellationToken.None)).State;
        Assert.Equal(StateFileCondition.Damaged, check.Condition);
        Assert.Equal($"unknown format version \"{version}\"", check.Problem);

        // So automatic recovery applies.
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var loaded = await held.LoadAsync(CancellationToken.None);
        Assert.NotNull(loaded.Recovery);
        Assert.Equal(3, loaded.Document.Serial);
    }

    [Fact]
    public async Task A_damaged_state_with_a_newer_backup_fails_without_calling_the_backup_damaged()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        File.WriteAllText(backend.Paths.Backup, NewerState);
        File.WriteAllText(backend.Paths.State, "{\"version\":\"2\",\"ser");

        var read = await Assert.ThrowsAsync<StateCorruptedException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Equal(StateFileCondition.NewerFormat, read.BackupCondition);
        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
            Assert.Equal(StateFileCondition.NewerFormat, error.BackupCondition);
            Assert.Contains("written by a newer AgentSpec (format 3)", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("damaged too", error.Message, StringComparison.Ordinal);
            Assert.Contains("newer AgentSpec", error.RecoveryHint, StringComparison.Ordinal);
        }

        Assert.Equal(NewerState, File.ReadAllText(backend.Paths.Backup));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Id.Id == 3009);
    }

    [Fact]
    public async Task A_newer_backup_beside_a_valid_state_is_left_alone_and_refused_as_a_recovery_source()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        File.WriteAllText(backend.Paths.Backup, NewerState);

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await held.LoadAsync(CancellationToken.None);
        Assert.Equal(NewerState, File.ReadAllText(backend.Paths.Backup));
        Assert.Empty(Directory.GetFiles(directory.Path, "state.json.bak.corrupt-*"));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Id.Id is 3007 or 3019);

        var refused = await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None));
        Assert.Contains("written by a newer AgentSpec (format 3)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer AgentSpec", refused.Hint, StringComparison.Ordinal);
    }
}
