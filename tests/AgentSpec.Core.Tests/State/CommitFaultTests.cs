using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>Acceptance 6: a failing file operation leaves the previous state byte-identical, reports the error and leaves no temp file.</summary>
public sealed class CommitFaultTests
{
    public static TheoryData<string, int, string> Faults => new()
    {
        { "create", LinuxErrno.ENOSPC, "temp file creation" },
        { "write", LinuxErrno.ENOSPC, "ENOSPC on write" },
        { "write", LinuxErrno.EDQUOT, "quota on write" },
        { "fsync", LinuxErrno.EIO, "EIO on fsync" },
        { "close", LinuxErrno.EIO, "EIO on close" },
        { "link", LinuxErrno.EPERM, "backup hard link" },
        { "rename backup", LinuxErrno.EIO, "backup rename" },
        { "rename state", LinuxErrno.EIO, "state rename" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_failing_operation_leaves_the_previous_state_byte_identical_and_no_temp_file(string operation, int errno, string description)
    {
        using var directory = new TempDirectory();
        var fileSystem = new FaultyFileSystem();
        var backend = new FileStateBackend(directory.File("state.json"), fileSystem: fileSystem);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var stateBefore = File.ReadAllBytes(backend.Paths.State);
        var backupBefore = File.ReadAllBytes(backend.Paths.Backup);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var document = (await held.LoadAsync(CancellationToken.None)).Document;
            document.Upsert(StateTestSupport.Entry("pkg/Agent/c"));
            switch (operation)
            {
                case "rename backup":
                    fileSystem.Fail("rename", errno, pathFilter: path => path == backend.Paths.Backup);
                    break;
                case "rename state":
                    fileSystem.Fail("rename", errno, pathFilter: path => path == backend.Paths.State);
                    break;
                default:
                    fileSystem.Fail(operation, errno);
                    break;
            }

            var error = await Assert.ThrowsAsync<StateIOException>(() => held.CommitAsync(document, CancellationToken.None));
            Assert.Equal(errno, error.Errno);
            Assert.Contains("previous state is unchanged", error.Message, StringComparison.Ordinal);
            Assert.Equal(stateBefore, File.ReadAllBytes(backend.Paths.State));
            Assert.Empty(StateTestSupport.TempFiles(directory.Path));
            if (operation == "fsync")
            {
                // A failed fsync is never retried.
                Assert.Equal(1, fileSystem.CallsOf("fsync"));
            }

            if (operation is "create" or "write" or "fsync" or "close" or "link")
            {
                Assert.Equal(backupBefore, File.ReadAllBytes(backend.Paths.Backup));
            }

            // The same holder can commit again once the fault is gone.
            fileSystem.Heal();
            var retried = await held.CommitAsync(document, CancellationToken.None);
            Assert.True(retried.Written, description);
            Assert.Equal(3, retried.Serial);
        }

        Assert.NotNull((await backend.ReadAsync(CancellationToken.None)).Find("pkg/Agent/c"));
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));
    }

    [Fact]
    public async Task A_failing_directory_fsync_reports_that_the_new_state_may_not_be_durable()
    {
        using var directory = new TempDirectory();
        var fileSystem = new FaultyFileSystem();
        var backend = new FileStateBackend(directory.File("state.json"), fileSystem: fileSystem);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        document.Upsert(StateTestSupport.Entry("pkg/Agent/b"));
        fileSystem.Fail("fsync directory", LinuxErrno.EIO);
        var error = await Assert.ThrowsAsync<StateIOException>(() => held.CommitAsync(document, CancellationToken.None));
        Assert.Equal(LinuxErrno.EIO, error.Errno);
        Assert.Contains("may not survive a power loss", error.Message, StringComparison.Ordinal);
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));

        // The holder knows the new state is in place, so its next checkpoint passes fencing.
        fileSystem.Heal();
        document.Upsert(StateTestSupport.Entry("pkg/Agent/c"));
        var next = await held.CommitAsync(document, CancellationToken.None);
        Assert.Equal(3, next.Serial);
    }
}
