using System.Globalization;
using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// An in-memory file system behind the state seam that knows what is durable. File data becomes durable
/// at the file's fsync; directory entries (create, link, rename, unlink) at the directory's fsync. It can
/// crash after any number of mutating operations and then list every image a process crash or a power
/// loss could leave: each pending directory operation kept or dropped independently, each unsynced file
/// as its durable bytes, its new bytes or a torn half.
/// </summary>
internal sealed class SimulatedFileSystem : IStateFileSystem
{
    private readonly Dictionary<string, Inode> _names = new(StringComparer.Ordinal);
    private Dictionary<string, Inode> _durableNames = new(StringComparer.Ordinal);
    private readonly List<MetadataOperation> _pending = [];
    private readonly Dictionary<string, Inode> _directoryLocks = new(StringComparer.Ordinal);
    private int _nextInode = 1;
    private int? _crashAfter;

    private readonly object _flockGate = new();

    public int MutatingOperations { get; private set; }

    /// <summary>Of <see cref="MutatingOperations"/>, those of the lock protocol: lock file opens and <c>flock</c>s, and every operation on a <c>.lock</c> or <c>.lock.info</c> path.</summary>
    public int LockOperations { get; private set; }

    /// <summary>Whether the operation the simulated process crashed at was one of the lock protocol's.</summary>
    public bool CrashedAtLockOperation { get; private set; }

    public bool Crashed { get; private set; }

    /// <summary>The next mutating operation after <paramref name="operations"/> more throws <see cref="SimulatedCrashException"/>, and so does every one after it.</summary>
    public void CrashAfter(int operations) => _crashAfter = MutatingOperations + operations;

    public static SimulatedFileSystem FromImage(IReadOnlyDictionary<string, byte[]> image)
    {
        var fileSystem = new SimulatedFileSystem();
        foreach (var (path, data) in image)
        {
            var inode = fileSystem.NewInode();
            inode.Data = data.ToArray();
            inode.DurableData = inode.Data;
            fileSystem._names[path] = inode;
        }

        fileSystem._durableNames = new Dictionary<string, Inode>(fileSystem._names, StringComparer.Ordinal);
        return fileSystem;
    }

    /// <summary>What a killed process leaves: every operation done so far is visible.</summary>
    public IReadOnlyDictionary<string, byte[]> ProcessCrashImage() =>
        _names.ToDictionary(pair => pair.Key, pair => pair.Value.Data.ToArray(), StringComparer.Ordinal);

    /// <summary>Every distinct image a power loss at this moment could leave.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, byte[]>> PowerLossImages()
    {
        var images = new List<IReadOnlyDictionary<string, byte[]>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var mask = 0; mask < 1 << _pending.Count; mask++)
        {
            var names = new Dictionary<string, Inode>(_durableNames, StringComparer.Ordinal);
            for (var i = 0; i < _pending.Count; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    _pending[i].Apply(names);
                }
            }

            var unsynced = names.Values.Distinct().Where(inode => !inode.Data.AsSpan().SequenceEqual(inode.DurableData)).ToList();
            var variants = (int)Math.Pow(3, unsynced.Count);
            for (var variant = 0; variant < variants; variant++)
            {
                var choice = new Dictionary<Inode, byte[]>();
                var code = variant;
                foreach (var inode in unsynced)
                {
                    choice[inode] = (code % 3) switch
                    {
                        0 => inode.DurableData,
                        1 => inode.Data,
                        _ => inode.Data[..(inode.Data.Length / 2)],
                    };
                    code /= 3;
                }

                var image = names.ToDictionary(
                    pair => pair.Key,
                    pair => (choice.TryGetValue(pair.Value, out var data) ? data : pair.Value.DurableData).ToArray(),
                    StringComparer.Ordinal);
                if (seen.Add(Fingerprint(image)))
                {
                    images.Add(image);
                }
            }
        }

        return images;
    }

    public IStateFileHandle CreateExclusive(string path)
    {
        Mutate(path);
        if (_names.ContainsKey(path))
        {
            throw new FileOperationException("create", path, LinuxErrno.EEXIST);
        }

        var inode = NewInode();
        _names[path] = inode;
        _pending.Add(new MetadataOperation(MetadataKind.Create, path, null, inode));
        return new Handle(path, inode);
    }

    public void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes)
    {
        Mutate(file.Path);
        var inode = ((Handle)file).Inode;
        inode.Data = [.. inode.Data, .. bytes];
    }

    public void Sync(IStateFileHandle file)
    {
        Mutate(file.Path);
        var inode = ((Handle)file).Inode;
        inode.DurableData = inode.Data;
    }

    public void Close(IStateFileHandle file) => Mutate(file.Path);

    public void Link(string existingPath, string newPath)
    {
        Mutate(newPath);
        if (!_names.TryGetValue(existingPath, out var inode))
        {
            throw new FileOperationException("link", existingPath, LinuxErrno.ENOENT);
        }

        if (_names.ContainsKey(newPath))
        {
            throw new FileOperationException("link", newPath, LinuxErrno.EEXIST);
        }

        _names[newPath] = inode;
        _pending.Add(new MetadataOperation(MetadataKind.Link, newPath, null, inode));
    }

    public void Rename(string sourcePath, string destinationPath)
    {
        Mutate(destinationPath);
        if (!_names.TryGetValue(sourcePath, out var inode))
        {
            throw new FileOperationException("rename", sourcePath, LinuxErrno.ENOENT);
        }

        if (_names.TryGetValue(destinationPath, out var existing) && existing == inode)
        {
            // rename(2) between two links of one inode does nothing and succeeds.
            return;
        }

        _names.Remove(sourcePath);
        _names[destinationPath] = inode;
        _pending.Add(new MetadataOperation(MetadataKind.Rename, destinationPath, sourcePath, inode));
    }

    public void Unlink(string path)
    {
        Mutate(path);
        if (!_names.Remove(path, out var inode))
        {
            throw new FileOperationException("unlink", path, LinuxErrno.ENOENT);
        }

        _pending.Add(new MetadataOperation(MetadataKind.Unlink, path, null, inode));
    }

    public void SyncDirectory(string directoryPath)
    {
        Mutate(directoryPath);
        _durableNames = new Dictionary<string, Inode>(_names, StringComparer.Ordinal);
        _pending.Clear();
    }

    public byte[]? ReadAll(string path) => _names.TryGetValue(path, out var inode) ? inode.Data.ToArray() : null;

    public StateFileInfo? GetInfo(string path) =>
        _names.TryGetValue(path, out var inode)
            ? new StateFileInfo("sim:" + inode.Number.ToString(CultureInfo.InvariantCulture), inode.Data.Length, DateTimeOffset.UnixEpoch, true, 0x180)
            : null;

    public IStateLockFile? OpenLockFile(string path, bool create)
    {
        Mutate(path);
        if (!_names.TryGetValue(path, out var inode))
        {
            if (!create)
            {
                return null;
            }

            inode = NewInode();
            _names[path] = inode;
            _pending.Add(new MetadataOperation(MetadataKind.Create, path, null, inode));
        }

        return new LockHandle(this, path, inode);
    }

    public IStateLockFile OpenDirectoryLock(string directoryPath)
    {
        lock (_flockGate)
        {
            if (!_directoryLocks.TryGetValue(directoryPath, out var inode))
            {
                inode = NewInode();
                _directoryLocks[directoryPath] = inode;
            }

            return new LockHandle(this, directoryPath, inode);
        }
    }

    public IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix) =>
        _names.Keys
            .Where(path => Path.GetDirectoryName(path) == directoryPath && Path.GetFileName(path).StartsWith(namePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public IReadOnlyList<string> AllPaths() => _names.Keys.Order(StringComparer.Ordinal).ToList();

    private static string Fingerprint(IReadOnlyDictionary<string, byte[]> image) =>
        string.Join('\n', image.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Key + "=" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pair.Value))));

    private void Mutate(string path)
    {
        var lockOperation = path.Contains(".lock", StringComparison.Ordinal);
        if (Crashed || (_crashAfter is { } limit && MutatingOperations >= limit))
        {
            if (!Crashed)
            {
                CrashedAtLockOperation = lockOperation;
            }

            Crashed = true;
            throw new SimulatedCrashException();
        }

        MutatingOperations++;
        if (lockOperation)
        {
            LockOperations++;
        }
    }

    private Inode NewInode() => new(_nextInode++);

    private sealed class Inode(int number)
    {
        public int Number { get; } = number;

        public byte[] Data { get; set; } = [];

        public byte[] DurableData { get; set; } = [];

        /// <summary>The handle holding the kernel lock on this inode; a process crash leaves none (see <see cref="FromImage"/>).</summary>
        public LockHandle? LockOwner { get; set; }
    }

    /// <summary>
    /// An open lock file: <c>flock</c> on its inode, released when it is closed. The simulated process holds
    /// every lock it takes until it closes it; a blocked <see cref="Lock"/> waits for the owner to close.
    /// </summary>
    private sealed class LockHandle(SimulatedFileSystem fileSystem, string path, Inode inode) : IStateLockFile
    {
        private bool _closed;

        public string Path { get; } = path;

        public string Id { get; } = "sim:" + inode.Number.ToString(CultureInfo.InvariantCulture);

        public bool TryLock()
        {
            fileSystem.Mutate(Path);
            lock (fileSystem._flockGate)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (inode.LockOwner is not null && inode.LockOwner != this)
                {
                    return false;
                }

                inode.LockOwner = this;
                return true;
            }
        }

        public void Lock()
        {
            lock (fileSystem._flockGate)
            {
                while (inode.LockOwner is not null && inode.LockOwner != this && !_closed)
                {
                    Monitor.Wait(fileSystem._flockGate);
                }

                ObjectDisposedException.ThrowIf(_closed, this);
                inode.LockOwner = this;
            }
        }

        public void Dispose()
        {
            lock (fileSystem._flockGate)
            {
                _closed = true;
                if (inode.LockOwner == this)
                {
                    inode.LockOwner = null;
                }

                Monitor.PulseAll(fileSystem._flockGate);
            }
        }
    }

    private sealed record Handle(string Path, Inode Inode) : IStateFileHandle;

    private enum MetadataKind
    {
        Create,
        Link,
        Rename,
        Unlink,
    }

    /// <summary>A directory operation not yet covered by a directory fsync; applied on its own it has the effect it had when it ran.</summary>
    private sealed record MetadataOperation(MetadataKind Kind, string Path, string? Source, Inode Inode)
    {
        public void Apply(Dictionary<string, Inode> names)
        {
            switch (Kind)
            {
                case MetadataKind.Create:
                case MetadataKind.Link:
                    names[Path] = Inode;
                    break;
                case MetadataKind.Rename:
                    if (names.TryGetValue(Source!, out var atSource) && atSource == Inode)
                    {
                        names.Remove(Source!);
                    }

                    names[Path] = Inode;
                    break;
                case MetadataKind.Unlink:
                    if (names.TryGetValue(Path, out var atPath) && atPath == Inode)
                    {
                        names.Remove(Path);
                    }

                    break;
            }
        }
    }
}

/// <summary>The simulated process died here.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }
}
