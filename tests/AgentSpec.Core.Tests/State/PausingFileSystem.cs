using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// The real file system, with one operation that stops before it runs until the test lets it go: a holder
/// paused (as by SIGSTOP) at exactly that step of the commit protocol.
/// </summary>
internal sealed class PausingFileSystem : IStateFileSystem
{
    private readonly LinuxStateFileSystem _inner = LinuxStateFileSystem.Instance;
    private readonly string _operation;
    private readonly Func<string, bool> _path;
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed = 1;

    /// <param name="operation">"link" or "rename".</param>
    /// <param name="path">Chooses the call by its destination path.</param>
    public PausingFileSystem(string operation, Func<string, bool> path)
    {
        _operation = operation;
        _path = path;
    }

    /// <summary>Completes when the chosen operation is about to run.</summary>
    public Task Paused => _paused.Task;

    public void Resume() => _resume.SetResult();

    public IStateFileHandle CreateExclusive(string path) => _inner.CreateExclusive(path);

    public void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes) => _inner.Write(file, bytes);

    public void Sync(IStateFileHandle file) => _inner.Sync(file);

    public void Close(IStateFileHandle file) => _inner.Close(file);

    public void Link(string existingPath, string newPath)
    {
        PauseAt("link", newPath);
        _inner.Link(existingPath, newPath);
    }

    public void Rename(string sourcePath, string destinationPath)
    {
        PauseAt("rename", destinationPath);
        _inner.Rename(sourcePath, destinationPath);
    }

    public void Unlink(string path) => _inner.Unlink(path);

    public void SyncDirectory(string directoryPath) => _inner.SyncDirectory(directoryPath);

    public byte[]? ReadAll(string path) => _inner.ReadAll(path);

    public StateFileInfo? GetInfo(string path) => _inner.GetInfo(path);

    public IStateLockFile? OpenLockFile(string path, bool create) => _inner.OpenLockFile(path, create);

    public IStateLockFile OpenDirectoryLock(string directoryPath) => _inner.OpenDirectoryLock(directoryPath);

    public IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix) => _inner.ListFiles(directoryPath, namePrefix);

    private void PauseAt(string operation, string path)
    {
        if (operation == _operation && _path(path) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _paused.SetResult();
            // The commit protocol is synchronous: the paused thread really stops here, as a stopped process would.
            _resume.Task.Wait(TimeSpan.FromMinutes(2));
        }
    }
}
