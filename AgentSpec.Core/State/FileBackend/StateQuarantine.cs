using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// Keeps a damaged file aside as <c>&lt;state&gt;.corrupt-&lt;UTC timestamp&gt;</c> (or <c>.bak.corrupt-…</c>)
/// before anything replaces it. Damaged files are never deleted. A hard link keeps the exact bytes without
/// copying; where links are not supported the bytes are copied. The same damaged file is kept only once.
/// </summary>
internal sealed class StateQuarantine
{
    private readonly IStateFileSystem _fileSystem;
    private readonly StateFilePaths _paths;
    private readonly TimeProvider _time;

    public StateQuarantine(IStateFileSystem fileSystem, StateFilePaths paths, TimeProvider time)
    {
        _fileSystem = fileSystem;
        _paths = paths;
        _time = time;
    }

    /// <summary>Returns the quarantine path of <paramref name="path"/>, creating it unless this very file was already kept.</summary>
    public string Keep(string path, string prefix)
    {
        var info = _fileSystem.GetInfo(path) ?? throw new FileOperationException("quarantine", path, LinuxErrno.ENOENT);
        foreach (var existing in _fileSystem.ListFiles(_paths.Directory, prefix))
        {
            if (_fileSystem.GetInfo(existing)?.Id == info.Id)
            {
                return existing;
            }
        }

        var now = _time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var target = _paths.Quarantine(prefix, now, attempt);
            try
            {
                _fileSystem.Link(path, target);
            }
            catch (FileOperationException ex) when (ex.Errno == LinuxErrno.EEXIST)
            {
                continue;
            }
            catch (FileOperationException ex) when (ex.Errno is LinuxErrno.EPERM or LinuxErrno.EMLINK or LinuxErrno.EXDEV or LinuxErrno.EINVAL)
            {
                Copy(path, target);
            }

            _fileSystem.SyncDirectory(_paths.Directory);
            return target;
        }
    }

    private void Copy(string path, string target)
    {
        var bytes = _fileSystem.ReadAll(path) ?? throw new FileOperationException("quarantine", path, LinuxErrno.ENOENT);
        var handle = _fileSystem.CreateExclusive(target);
        try
        {
            _fileSystem.Write(handle, bytes);
            _fileSystem.Sync(handle);
        }
        finally
        {
            _fileSystem.Close(handle);
        }
    }
}
