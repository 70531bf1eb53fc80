using System.Text;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.Format;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A recovery never reuses a serial that is still on disk: the new serial is above every serial readable
/// in the current state, the backup and the source, including what damaged files still state.
/// </summary>
public sealed class RecoverySerialTests
{
    [Fact]
    public void A_file_cut_short_still_states_its_version_and_serial()
    {
        var parse = StateSerializer.Parse(Encoding.UTF8.GetBytes("{\"version\":\"2\",\"serial\":8,\"lineage\":\"d0c2a7f3-2f0b-4f7e"));
        Assert.Equal(StateParseOutcome.Damaged, parse.Outcome);
        Assert.StartsWith("not valid JSON", parse.Problem, StringComparison.Ordinal);
        Assert.Equal(8, parse.SerialHint);
        Assert.Equal("2", parse.Version);

        // Nested "serial" fields are not the file's serial.
        var nested = StateSerializer.Parse(Encoding.UTF8.GetBytes("{\"entries\":[{\"serial\":99}],\"serial\":4,\"x\":"));
        Assert.Equal(4, nested.SerialHint);
        Assert.Null(StateSerializer.Parse(Encoding.UTF8.GetBytes("\u0000 not json")).SerialHint);
    }

    [Fact]
    public async Task A_serial_still_readable_in_a_truncated_state_is_never_reused()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        // A state written elsewhere (pretty-printed, serial first) and cut short after its serial.
        File.WriteAllText(backend.Paths.State, "{\n  \"version\": \"2\",\n  \"serial\": 20,\n  \"lineage\": \"d0c2a7f3-2f0b-4f7e-9a59-8f3c2b1a0e11\",\n  \"entr");
        Assert.Equal(20, (await backend.VerifyAsync(CancellationToken.None)).State.Serial);

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
        Assert.Equal(21, plan.NewSerial);
        Assert.Equal(21, (await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None)).Serial);
    }

    [Fact]
    public async Task Recovering_the_backup_over_a_truncated_state_goes_above_the_truncated_files_serial()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        for (var i = 0; i < 8; i++)
        {
            await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry($"pkg/Agent/a{i}")));
        }

        // The canonical form puts the serial near the end: cut in half, the file no longer states it, and
        // counts as one generation ahead of its backup (serial 7), which it was.
        var bytes = File.ReadAllBytes(backend.Paths.State);
        File.WriteAllBytes(backend.Paths.State, bytes[..(bytes.Length / 2)]);
        Assert.Null((await backend.VerifyAsync(CancellationToken.None)).State.Serial);

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None);
        Assert.Equal(7, plan.Source.Serial);
        Assert.Equal(9, plan.NewSerial);
        var result = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
        Assert.Equal(9, result.Serial);
        Assert.Single(Directory.GetFiles(directory.Path, "state.json.corrupt-*"));
    }

    [Fact]
    public async Task Automatic_recovery_goes_above_the_truncated_files_serial()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        for (var i = 0; i < 5; i++)
        {
            await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry($"pkg/Agent/a{i}")));
        }

        var bytes = File.ReadAllBytes(backend.Paths.State);
        File.WriteAllBytes(backend.Paths.State, bytes[..(bytes.Length / 2)]);

        var loaded = await StateTestSupport.LoadAsync(backend);
        Assert.Equal(6, loaded.Serial);
    }

    [Fact]
    public async Task A_damaged_backups_serial_counts_too()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var archive = directory.File("archive.json");
        File.Copy(backend.Paths.State, archive);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        // A backup that says serial 7 but fails its checksum (it may be a generation someone else wrote).
        var json = StateTestSupport.ReadJson(backend.Paths.State);
        json["serial"] = 7;
        File.WriteAllText(backend.Paths.Backup, json.ToJsonString());

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(archive), CancellationToken.None);
        Assert.Equal(1, plan.Source.Serial);
        Assert.Equal(8, plan.NewSerial);
    }
}
