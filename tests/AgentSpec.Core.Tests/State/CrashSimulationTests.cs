using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Xunit.Abstractions;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 1: for a sequence of commits, a simulated crash after every single file operation, both
/// as a process crash and as every allowed power loss. Every image must load as exactly the previous or
/// the new state: never an error, never a mix.
/// </summary>
public sealed class CrashSimulationTests
{
    private readonly ITestOutputHelper _output;

    public CrashSimulationTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Scenarios => ["fresh", "legacy-1.0"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_crash_image_of_a_commit_sequence_loads_as_the_previous_or_the_new_state(string scenario)
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var initial = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (scenario == "legacy-1.0")
        {
            initial[statePath] = File.ReadAllBytes(TestCorpus.UpstreamState);
        }

        Action<StateDocument>[] changes =
        [
            doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a", "sha256:a1")),
            doc =>
            {
                doc.Upsert(StateTestSupport.Entry("pkg/Agent/b", "sha256:b1"));
                doc.Upsert(StateTestSupport.Entry("pkg/Prompt/p", "sha256:p1", StateEntryStatus.Pending));
            },
            doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a", "sha256:a2", StateEntryStatus.Failed)),
            doc => doc.Remove("pkg/Agent/b"),
            doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/c", "sha256:c1")),
        ];

        var images = 0;
        var lockImages = 0;
        var crashPoints = 0;
        var before = initial;
        for (var step = 0; step < changes.Length; step++)
        {
            // The uninterrupted run tells how many operations this step takes and what "new" is.
            var clean = SimulatedFileSystem.FromImage(before);
            var previousDocument = await StateTestSupport.LoadAsync(new FileStateBackend(statePath, fileSystem: clean));
            var createsLineage = string.IsNullOrEmpty(previousDocument.Lineage);
            var previous = StateTestSupport.Snapshot(previousDocument);
            var operationsBefore = clean.MutatingOperations;
            await StateTestSupport.CommitAsync(new FileStateBackend(statePath, fileSystem: clean), changes[step]);
            var operations = clean.MutatingOperations - operationsBefore;
            var next = StateTestSupport.Snapshot(await StateTestSupport.LoadAsync(new FileStateBackend(statePath, fileSystem: clean)), createsLineage);
            Assert.NotEqual(previous, next);

            for (var crashAfter = 0; crashAfter <= operations; crashAfter++)
            {
                var fileSystem = SimulatedFileSystem.FromImage(before);
                fileSystem.CrashAfter(crashAfter);
                try
                {
                    await StateTestSupport.CommitAsync(new FileStateBackend(statePath, fileSystem: fileSystem), changes[step]);
                }
                catch (SimulatedCrashException)
                {
                }
                catch (StateIOException ex) when (ex.InnerException is null && fileSystem.Crashed)
                {
                }

                crashPoints++;
                var candidates = new List<IReadOnlyDictionary<string, byte[]>> { fileSystem.ProcessCrashImage() };
                candidates.AddRange(fileSystem.PowerLossImages());
                lockImages += fileSystem.CrashedAtLockOperation ? candidates.Count : 0;
                foreach (var image in candidates)
                {
                    images++;
                    var afterCrash = SimulatedFileSystem.FromImage(image);
                    var backend = new FileStateBackend(statePath, fileSystem: afterCrash);
                    var loadedDocument = await StateTestSupport.LoadAsync(backend);
                    var loaded = StateTestSupport.Snapshot(loadedDocument, createsLineage && !string.IsNullOrEmpty(loadedDocument.Lineage));
                    Assert.True(
                        loaded == previous || loaded == next,
                        $"step {step}, crash after {crashAfter} operations: loaded {loaded}\nexpected {previous}\nor {next}");
                    Assert.DoesNotContain(afterCrash.AllPaths(), path => path.Contains(".tmp-", StringComparison.Ordinal));

                    // The next holder commits cleanly on top of whatever the crash left.
                    var result = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/after-crash")));
                    Assert.True(result.Written);
                    Assert.DoesNotContain(afterCrash.AllPaths(), path => path.Contains(".tmp-", StringComparison.Ordinal));
                }
            }

            var settled = SimulatedFileSystem.FromImage(before);
            await StateTestSupport.CommitAsync(new FileStateBackend(statePath, fileSystem: settled), changes[step]);
            before = new Dictionary<string, byte[]>(settled.ProcessCrashImage(), StringComparer.Ordinal);
        }

        _output.WriteLine($"{scenario}: {changes.Length} commits, {crashPoints} crash points, {images} crash images checked, {lockImages} of them after a crash at a lock or holder-information operation");
        Assert.True(images > 100, $"only {images} crash images were checked");
        Assert.True(lockImages > 0, "no crash image was taken at a lock operation");
    }

    [Fact]
    public async Task Every_crash_image_of_an_automatic_backup_restore_loads_as_the_restored_state()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var clean = SimulatedFileSystem.FromImage(new Dictionary<string, byte[]>(StringComparer.Ordinal));
        var setup = new FileStateBackend(statePath, fileSystem: clean);
        await StateTestSupport.CommitAsync(setup, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(setup, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var damaged = new Dictionary<string, byte[]>(clean.ProcessCrashImage(), StringComparer.Ordinal)
        {
            [statePath] = CorruptionTests.Damage(clean.ReadAll(statePath)!, "wrong-checksum"),
        };

        var reference = SimulatedFileSystem.FromImage(damaged);
        var referenceLoad = await LoadWithRecoveryAsync(new FileStateBackend(statePath, fileSystem: reference));
        Assert.NotNull(referenceLoad.Recovery);
        var expected = StateTestSupport.Snapshot(referenceLoad.Document);
        var operations = reference.MutatingOperations;

        var images = 0;
        for (var crashAfter = 0; crashAfter <= operations; crashAfter++)
        {
            var fileSystem = SimulatedFileSystem.FromImage(damaged);
            fileSystem.CrashAfter(crashAfter);
            try
            {
                await LoadWithRecoveryAsync(new FileStateBackend(statePath, fileSystem: fileSystem));
            }
            catch (SimulatedCrashException)
            {
            }
            catch (StateIOException) when (fileSystem.Crashed)
            {
            }

            var candidates = new List<IReadOnlyDictionary<string, byte[]>> { fileSystem.ProcessCrashImage() };
            candidates.AddRange(fileSystem.PowerLossImages());
            foreach (var image in candidates)
            {
                images++;
                var afterCrash = SimulatedFileSystem.FromImage(image);
                var loaded = await LoadWithRecoveryAsync(new FileStateBackend(statePath, fileSystem: afterCrash));
                Assert.Equal(expected, StateTestSupport.Snapshot(loaded.Document));

                // The damaged bytes are kept exactly once, whatever the crash interrupted.
                var quarantined = afterCrash.ListFiles(directory.Path, ".agentspec.state.json.corrupt-");
                Assert.Contains(quarantined, path => afterCrash.ReadAll(path)!.AsSpan().SequenceEqual(damaged[statePath]));
            }
        }

        _output.WriteLine($"backup restore: {operations} operations, {images} crash images checked");
    }

    [Fact]
    public async Task Every_crash_image_of_a_backup_repair_keeps_the_state_and_the_damaged_bytes()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var backupPath = statePath + ".bak";
        var clean = SimulatedFileSystem.FromImage(new Dictionary<string, byte[]>(StringComparer.Ordinal));
        var setup = new FileStateBackend(statePath, fileSystem: clean);
        await StateTestSupport.CommitAsync(setup, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(setup, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var stateBytes = clean.ReadAll(statePath)!;
        var damaged = new Dictionary<string, byte[]>(clean.ProcessCrashImage(), StringComparer.Ordinal)
        {
            [backupPath] = CorruptionTests.Damage(clean.ReadAll(backupPath)!, "truncated"),
        };

        var reference = SimulatedFileSystem.FromImage(damaged);
        await StateTestSupport.LoadAsync(new FileStateBackend(statePath, fileSystem: reference));
        Assert.Equal(stateBytes, reference.ReadAll(backupPath));
        var operations = reference.MutatingOperations;

        var images = 0;
        for (var crashAfter = 0; crashAfter <= operations; crashAfter++)
        {
            var fileSystem = SimulatedFileSystem.FromImage(damaged);
            fileSystem.CrashAfter(crashAfter);
            try
            {
                await StateTestSupport.LoadAsync(new FileStateBackend(statePath, fileSystem: fileSystem));
            }
            catch (SimulatedCrashException)
            {
            }
            catch (StateIOException) when (fileSystem.Crashed)
            {
            }

            var candidates = new List<IReadOnlyDictionary<string, byte[]>> { fileSystem.ProcessCrashImage() };
            candidates.AddRange(fileSystem.PowerLossImages());
            foreach (var image in candidates)
            {
                images++;

                // The state is untouched and the backup is whole: the damaged file or the copy, nothing between.
                Assert.Equal(stateBytes, image[statePath]);
                Assert.True(
                    image[backupPath].AsSpan().SequenceEqual(damaged[backupPath]) || image[backupPath].AsSpan().SequenceEqual(stateBytes),
                    $"crash after {crashAfter} operations: the backup is neither the damaged file nor the copy");

                // The next locked load finishes the repair, and the damaged bytes are kept.
                var afterCrash = SimulatedFileSystem.FromImage(image);
                await StateTestSupport.LoadAsync(new FileStateBackend(statePath, fileSystem: afterCrash));
                Assert.Equal(stateBytes, afterCrash.ReadAll(backupPath));
                Assert.Contains(
                    afterCrash.ListFiles(directory.Path, ".agentspec.state.json.bak.corrupt-"),
                    path => afterCrash.ReadAll(path)!.AsSpan().SequenceEqual(damaged[backupPath]));
                Assert.DoesNotContain(afterCrash.AllPaths(), path => path.Contains(".tmp-", StringComparison.Ordinal));
            }
        }

        _output.WriteLine($"backup repair: {operations} operations, {images} crash images checked");
        Assert.True(operations >= 5, $"the repair took only {operations} operations");
    }

    private static async Task<StateLoadResult> LoadWithRecoveryAsync(FileStateBackend backend)
    {
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        return await held.LoadAsync(CancellationToken.None);
    }
}
