using System.Text;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A damaged backup beside a valid state is repaired by the first locked load, whether or not a commit
/// follows: kept aside, replaced by a copy of the state (its own inode), with one warning, once.
/// </summary>
public sealed class BackupRepairTests
{
    [Fact]
    public async Task A_locked_load_quarantines_a_damaged_backup_and_replaces_it_with_a_copy_of_the_state_once()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var stateBytes = File.ReadAllBytes(backend.Paths.State);
        var damaged = CorruptionTests.Damage(File.ReadAllBytes(backend.Paths.Backup), "wrong-checksum");
        File.WriteAllBytes(backend.Paths.Backup, damaged);
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).NeedsRecovery);

        // A command that changes nothing (a plan under the lock, an apply with no changes).
        var loaded = await StateTestSupport.LoadAsync(backend);
        Assert.Equal(2, loaded.Serial);

        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.IsHealthy);
        Assert.Equal(2, verification.Backup.Serial);
        Assert.Equal(stateBytes, File.ReadAllBytes(backend.Paths.Backup));
        Assert.Equal(stateBytes, File.ReadAllBytes(backend.Paths.State));
        Assert.NotEqual(Inode(backend.Paths.State), Inode(backend.Paths.Backup));
        var quarantined = Assert.Single(Directory.GetFiles(directory.Path, "state.json.bak.corrupt-*"));
        Assert.Equal(damaged, File.ReadAllBytes(quarantined));
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));

        // Once: the next locked commands find a valid backup and say nothing.
        await StateTestSupport.LoadAsync(backend);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/c")));
        var records = logger.Collector.GetSnapshot();
        var warning = Assert.Single(records, record => record.Id.Id == 3019);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(backend.Paths.Backup, warning.GetStructuredStateValue("backup_path"));
        Assert.Equal("2", warning.GetStructuredStateValue("serial"));
        Assert.DoesNotContain(records, record => record.Level >= LogLevel.Error);
        Assert.Equal(2, (await backend.VerifyAsync(CancellationToken.None)).Backup.Serial);
    }

    [Fact]
    public async Task Recover_keeps_a_damaged_backup_aside_before_the_current_state_replaces_it()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var archive = directory.File("archive.json");
        File.Copy(backend.Paths.State, archive);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var garbage = Encoding.UTF8.GetBytes("not json");
        File.WriteAllBytes(backend.Paths.Backup, garbage);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(archive), CancellationToken.None);
            await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
        }

        Assert.Equal(garbage, File.ReadAllBytes(Assert.Single(Directory.GetFiles(directory.Path, "state.json.bak.corrupt-*"))));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    private static string Inode(string path) => AgentSpec.Core.State.FileBackend.FileSystem.LinuxStateFileSystem.Instance.GetInfo(path)!.Id;
}
