using System.Diagnostics;
using System.Text.Json;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Regression tests for the seven holes an adversarial pass found in the file backend (docs/state.md,
/// "What the adversarial pass found"): each test is the attack, and the backend must now hold.
/// </summary>
[Collection(RealProcessTests.Name)]
public sealed class AdversarialHoleTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private static StateLockOptions Breaking => new() { Operation = "state recover", LockTimeout = TimeSpan.FromMinutes(2), StaleLockTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task Hole_1_a_holder_paused_before_its_final_rename_never_replaces_a_recovery_made_after_its_lock_was_broken()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var plain = new FileStateBackend(statePath);
        await StateTestSupport.CommitAsync(plain, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(plain, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        var pausing = new PausingFileSystem("rename", path => path == statePath);
        var holder = await new FileStateBackend(statePath, fileSystem: pausing).LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await holder.LoadAsync(CancellationToken.None)).Document;
        document.Upsert(StateTestSupport.Entry("pkg/Agent/paused-holder"));
        var commit = Task.Run(() => holder.CommitAsync(document, CancellationToken.None));
        await pausing.Paused.WaitAsync(HangGuard);

        // `state recover --from-backup` with a short --stale-lock-timeout breaks the paused holder's lock.
        long recoveredSerial;
        await using (var recoverer = await plain.LockAsync(Breaking, CancellationToken.None))
        {
            var plan = await recoverer.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
            recoveredSerial = (await recoverer.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None)).Serial;
        }

        var recovered = await File.ReadAllBytesAsync(statePath);
        pausing.Resume();
        await Assert.ThrowsAsync<StateLockLostException>(() => commit.WaitAsync(HangGuard));
        await holder.DisposeAsync();

        Assert.Equal(recovered, await File.ReadAllBytesAsync(statePath));
        var state = await plain.ReadAsync(CancellationToken.None);
        Assert.Equal(recoveredSerial, state.Serial);
        Assert.Null(state.Find("pkg/Agent/paused-holder"));
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));
    }

    [Theory]
    [InlineData("link")]
    [InlineData("rename")]
    public async Task Hole_2_a_fenced_out_holder_paused_in_its_backup_step_never_replaces_the_backup(string pausedAt)
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var plain = new FileStateBackend(statePath);
        await StateTestSupport.CommitAsync(plain, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(plain, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        Func<string, bool> backupStep = pausedAt == "link"
            ? path => Path.GetFileName(path).StartsWith(".agentspec.state.json.bak.tmp-", StringComparison.Ordinal)
            : path => path == statePath + ".bak";
        var pausing = new PausingFileSystem(pausedAt, backupStep);
        var holder = await new FileStateBackend(statePath, fileSystem: pausing).LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await holder.LoadAsync(CancellationToken.None)).Document;
        document.Upsert(StateTestSupport.Entry("pkg/Agent/paused-holder"));
        var commit = Task.Run(() => holder.CommitAsync(document, CancellationToken.None));
        await pausing.Paused.WaitAsync(HangGuard);

        // Another command breaks the stale lock and commits: the previous generation becomes the backup.
        await StateTestSupport.CommitAsyncWith(plain, Breaking, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/newer")));
        var backup = await File.ReadAllBytesAsync(statePath + ".bak");
        var stateBytes = await File.ReadAllBytesAsync(statePath);

        pausing.Resume();
        await Assert.ThrowsAsync<StateLockLostException>(() => commit.WaitAsync(HangGuard));
        await holder.DisposeAsync();

        Assert.Equal(backup, await File.ReadAllBytesAsync(statePath + ".bak"));
        Assert.Equal(stateBytes, await File.ReadAllBytesAsync(statePath));
        Assert.NotEqual(Inode(statePath), Inode(statePath + ".bak"));
        Assert.True((await plain.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task Hole_3_a_fifo_at_the_lock_information_path_blocks_no_command()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var backend = new FileStateBackend(statePath);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        MakeFifo(backend.Paths.LockInfo);

        var status = await Task.Run(() => backend.GetStatusAsync(CancellationToken.None)).WaitAsync(HangGuard);
        Assert.True(status.State.Valid);
        Assert.True((await Task.Run(() => backend.VerifyAsync(CancellationToken.None)).WaitAsync(HangGuard)).IsHealthy);
        var result = await Task.Run(() => StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")))).WaitAsync(HangGuard);
        Assert.Equal(2, result.Serial);

        MakeFifo(backend.Paths.LockInfo);
        await Task.Run(async () =>
        {
            await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
            var plan = await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
            await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
        }).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Hole_4_a_state_over_2_GiB_is_damage_reported_before_reading_it()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        using (var huge = File.Create(statePath))
        {
            // Sparse: no disk space is used.
            huge.SetLength((2L << 30) + 1);
        }

        var backend = new FileStateBackend(statePath);
        var read = await Assert.ThrowsAsync<StateCorruptedException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Contains("bytes", read.Message, StringComparison.Ordinal);
        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.NeedsRecovery);
        await Assert.ThrowsAsync<StateCorruptedException>(() => StateTestSupport.LoadAsync(backend));

        // Beside a valid state, a huge backup is damage too: kept aside and replaced.
        using var other = new TempDirectory();
        var valid = new FileStateBackend(other.File(".agentspec.state.json"));
        await StateTestSupport.CommitAsync(valid, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        using (var huge = File.Create(valid.Paths.Backup))
        {
            huge.SetLength((2L << 30) + 1);
        }

        Assert.False((await valid.VerifyAsync(CancellationToken.None)).Backup.Valid);
        await StateTestSupport.LoadAsync(valid);
        Assert.True((await valid.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task Hole_5_a_holder_whose_renewal_time_is_in_the_future_is_still_broken_when_it_stops_renewing()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File(".agentspec.state.json"));
        using var hung = LinuxStateFileSystem.Instance.OpenLockFile(backend.Paths.Lock, create: true)!;
        Assert.True(hung.TryLock());
        var future = DateTimeOffset.UtcNow.AddDays(1);
        await File.WriteAllBytesAsync(backend.Paths.LockInfo, JsonSerializer.SerializeToUtf8Bytes(
            new StateLockHolderInfo
            {
                LockId = "feedfacefeedfacefeedfacefeedface",
                Pid = 999_999,
                Hostname = Environment.MachineName,
                User = "nobody",
                Operation = "apply",
                Created = future,
                Renewed = future,
                LockFileId = hung.Id,
            },
            StateJsonContext.Default.StateLockHolderInfo));

        var status = (await backend.GetStatusAsync(CancellationToken.None)).Lock!;
        Assert.Equal("feedfacefeedfacefeedfacefeedface", status.Holder!.LockId);
        Assert.True(status.SinceRenewal >= TimeSpan.Zero, $"renewed {status.SinceRenewal} ago");

        await using var held = await backend.LockAsync(Breaking, CancellationToken.None).WaitAsync(HangGuard);
        Assert.NotEqual("feedfacefeedfacefeedfacefeedface", held.Holder.LockId);
    }

    [Fact]
    public async Task Hole_6_the_serial_never_wraps()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File(".agentspec.state.json"));
        var last = new StateDocument { Serial = long.MaxValue, Lineage = Guid.NewGuid().ToString() };
        last.Upsert(StateTestSupport.Entry("pkg/Agent/a"));
        var bytes = StateSerializer.Serialize(last);
        await File.WriteAllBytesAsync(backend.Paths.State, bytes);

        var unchanged = await StateTestSupport.CommitAsync(backend, _ => { });
        Assert.False(unchanged.Written);
        var refused = await Assert.ThrowsAsync<StateSerialExhaustedException>(() =>
            StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b"))));
        Assert.Contains("largest a serial can be", refused.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(backend.Paths.State));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).State.Valid);
    }

    [Fact]
    public async Task Hole_7_a_state_name_too_long_for_its_siblings_is_refused_up_front_and_the_longest_allowed_one_can_be_broken()
    {
        using var directory = new TempDirectory();
        var tooLong = Assert.Throws<StatePathException>(() => new FileStateBackend(directory.File(new string('s', 210))));
        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("shorter name", tooLong.Hint, StringComparison.Ordinal);

        var longest = new FileStateBackend(directory.File(new string('s', StateFilePaths.MaxFileNameBytes)));
        await StateTestSupport.CommitAsync(longest, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await using var stale = await longest.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await longest.ForceUnlockAsync(stale.Holder.LockId, CancellationToken.None);
        var result = await StateTestSupport.CommitAsyncWith(longest, Breaking, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        Assert.Equal(2, result.Serial);
    }

    private static string Inode(string path) => LinuxStateFileSystem.Instance.GetInfo(path)!.Id;

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
