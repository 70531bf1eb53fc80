using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// Keeps a damaged file aside as <c>&lt;state&gt;.corrupt-&lt;UTC timestamp&gt;</c> (or <c>.bak.corrupt-…</c>)
/// before anything replaces it. Damaged files are never deleted. A hard link keeps the exact bytes without
/// copying; where links are not supported the bytes are copied. The same damaged file is kept only once.
/// </summary>
internal sealed class StateQuarantine(IStateFileSystem fileSystem, StateFilePaths paths, TimeProvider time)
{
    /// <summary>Returns the quarantine path of <paramref name="path"/>, creating it unless this very file was already kept.</summary>
    public string Keep(string path, string prefix)
    {
        var info = fileSystem.GetInfo(path) ?? throw new FileOperationException("quarantine", path, LinuxErrno.ENOENT);
        foreach (var existing in fileSystem.ListFiles(paths.Directory, prefix))
        {
            if (fileSystem.GetInfo(existing)?.Id == info.Id)
            {
                return existing;
            }
        }

        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var target = paths.Quarantine(prefix, now, attempt);
            try
            {
                fileSystem.Link(path, target);
            }
            catch (FileOperationException ex) when (ex.Errno == LinuxErrno.EEXIST)
            {
                continue;
            }
            catch (FileOperationException ex) when (ex.Errno is LinuxErrno.EPERM or LinuxErrno.EMLINK or LinuxErrno.EXDEV or LinuxErrno.EINVAL)
            {
                Copy(path, target);
            }

            fileSystem.SyncDirectory(paths.Directory);
            return target;
        }
    }

    private void Copy(string path, string target)
    {
        var bytes = fileSystem.ReadAll(path) ?? throw new FileOperationException("quarantine", path, LinuxErrno.ENOENT);
        var handle = fileSystem.CreateExclusive(target);
        try
        {
            fileSystem.Write(handle, bytes);
            fileSystem.Sync(handle);
        }
        finally
        {
            fileSystem.Close(handle);
        }
    }
}
