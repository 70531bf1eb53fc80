using System.Runtime.Versioning;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>Acceptance 10: files are created 0600, and a symbolic link planted at the lock or a temp path is never followed.</summary>
[SupportedOSPlatform("linux")]
public sealed class FileSafetyTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Every_file_the_backend_creates_is_0600()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var document = (await held.LoadAsync(CancellationToken.None)).Document;
            document.Upsert(StateTestSupport.Entry("pkg/Agent/a"));
            await held.CommitAsync(document, CancellationToken.None);
            document.Upsert(StateTestSupport.Entry("pkg/Agent/b"));
            await held.CommitAsync(document, CancellationToken.None);
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(backend.Paths.LockInfo));
        }

        File.WriteAllText(backend.Paths.State, "damaged");
        await StateTestSupport.LoadAsync(backend);
        foreach (var file in Directory.GetFiles(directory.Path))
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file));
        }

        Assert.Contains(Directory.GetFiles(directory.Path), file => file.Contains(".corrupt-", StringComparison.Ordinal));
        Assert.True(File.Exists(backend.Paths.Lock));
        Assert.True(File.Exists(backend.Paths.Backup));
    }

    [Fact]
    public async Task A_symbolic_link_at_the_lock_path_is_refused_and_its_target_untouched()
    {
        using var directory = new TempDirectory();
        var victim = directory.File("victim.txt");
        File.WriteAllText(victim, "precious");
        File.SetUnixFileMode(victim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var backend = new FileStateBackend(directory.File("state.json"));
        File.CreateSymbolicLink(backend.Paths.Lock, victim);

        var error = await Assert.ThrowsAsync<StateIOException>(() => backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None));
        Assert.Equal(LinuxErrno.ELOOP, error.Errno);
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(victim));

        // A dangling link is not followed either: nothing is created at its target.
        File.Delete(backend.Paths.Lock);
        var nowhere = directory.File("created-through-link");
        File.CreateSymbolicLink(backend.Paths.Lock, nowhere);
        await Assert.ThrowsAsync<StateIOException>(() => backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None));
        Assert.False(File.Exists(nowhere));
    }

    [Fact]
    public void A_symbolic_link_at_a_temp_path_is_never_followed()
    {
        using var directory = new TempDirectory();
        var victim = directory.File("victim.txt");
        File.WriteAllText(victim, "precious");
        var temp = directory.File("state.json.tmp-planted");
        File.CreateSymbolicLink(temp, victim);
        var error = Assert.Throws<FileOperationException>(() => LinuxStateFileSystem.Instance.CreateExclusive(temp));
        Assert.Equal(LinuxErrno.EEXIST, error.Errno);
        Assert.Equal("precious", File.ReadAllText(victim));

        var dangling = directory.File("state.json.bak.tmp-planted");
        var nowhere = directory.File("created-through-link");
        File.CreateSymbolicLink(dangling, nowhere);
        Assert.Throws<FileOperationException>(() => LinuxStateFileSystem.Instance.CreateExclusive(dangling));
        Assert.Throws<FileOperationException>(() => LinuxStateFileSystem.Instance.Link(victim, dangling));
        Assert.False(File.Exists(nowhere));
    }

    [Fact]
    public async Task A_symbolic_link_at_the_holder_information_path_is_replaced_not_followed()
    {
        using var directory = new TempDirectory();
        var victim = directory.File("victim.txt");
        File.WriteAllText(victim, "precious");
        var backend = new FileStateBackend(directory.File("state.json"));
        File.CreateSymbolicLink(backend.Paths.LockInfo, victim);
        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            Assert.False(new FileInfo(backend.Paths.LockInfo).Attributes.HasFlag(FileAttributes.ReparsePoint));
        }

        Assert.Equal("precious", File.ReadAllText(victim));
    }
}
