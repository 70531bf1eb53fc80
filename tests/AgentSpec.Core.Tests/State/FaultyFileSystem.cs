using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.Tests.State;

/// <summary>The real file system with one injected failure: the <c>n</c>th call of one operation fails with an errno. Counts calls.</summary>
internal sealed class FaultyFileSystem : IStateFileSystem
{
    private readonly LinuxStateFileSystem _inner = LinuxStateFileSystem.Instance;
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private string? _failOperation;
    private int _failOnCall;
    private int _errno;
    private Func<string, bool>? _pathFilter;

    public IReadOnlyDictionary<string, int> Calls => _calls;

    public void Fail(string operation, int errno, int onCall = 1, Func<string, bool>? pathFilter = null)
    {
        _failOperation = operation;
        _failOnCall = onCall;
        _errno = errno;
        _pathFilter = pathFilter;
        _calls.Clear();
    }

    public void Heal() => _failOperation = null;

    public int CallsOf(string operation) => _calls.GetValueOrDefault(operation);

    public IStateFileHandle CreateExclusive(string path)
    {
        Check("create", path);
        return _inner.CreateExclusive(path);
    }

    public void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes)
    {
        if (ShouldFail("write", file.Path))
        {
            // A partial write first, as a full disk does.
            _inner.Write(file, bytes[..(bytes.Length / 2)]);
            throw new FileOperationException("write", file.Path, _errno);
        }

        _inner.Write(file, bytes);
    }

    public void Sync(IStateFileHandle file)
    {
        Check("fsync", file.Path);
        _inner.Sync(file);
    }

    public void Close(IStateFileHandle file)
    {
        Check("close", file.Path);
        _inner.Close(file);
    }

    public void Link(string existingPath, string newPath)
    {
        Check("link", newPath);
        _inner.Link(existingPath, newPath);
    }

    public void Rename(string sourcePath, string destinationPath)
    {
        Check("rename", destinationPath);
        _inner.Rename(sourcePath, destinationPath);
    }

    public void Unlink(string path)
    {
        Check("unlink", path);
        _inner.Unlink(path);
    }

    public void SyncDirectory(string directoryPath)
    {
        Check("fsync directory", directoryPath);
        _inner.SyncDirectory(directoryPath);
    }

    public byte[]? ReadAll(string path) => _inner.ReadAll(path);

    public StateFileInfo? GetInfo(string path) => _inner.GetInfo(path);

    public IStateLockFile? OpenLockFile(string path, bool create) => _inner.OpenLockFile(path, create);

    public IStateLockFile OpenDirectoryLock(string directoryPath) => _inner.OpenDirectoryLock(directoryPath);

    public IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix) => _inner.ListFiles(directoryPath, namePrefix);

    private void Check(string operation, string path)
    {
        if (ShouldFail(operation, path))
        {
            throw new FileOperationException(operation, path, _errno);
        }
    }

    private bool ShouldFail(string operation, string path)
    {
        if (_pathFilter is not null && !_pathFilter(path) && operation == _failOperation)
        {
            return false;
        }

        var count = _calls.GetValueOrDefault(operation) + 1;
        _calls[operation] = count;
        return operation == _failOperation && count == _failOnCall;
    }
}
