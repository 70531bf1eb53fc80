using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>Reads one state file through the seam and judges it (JSON, schema, checksum).</summary>
internal sealed class StateFileReader(IStateFileSystem fileSystem, string location)
{
    /// <summary>
    /// No state comes near this size (10,000 resources take about 3 MB); a larger file is damage, reported
    /// before reading it, so a huge or sparse file cannot exhaust memory or overflow an array.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    /// <param name="path">The file to read.</param>
    public (StateParse Parse, StateFileInfo? Info) Read(string path)
    {
        try
        {
            var info = fileSystem.GetInfo(path);
            if (info is null)
            {
                return (StateParse.Missing, null);
            }

            if (!info.IsRegularFile)
            {
                // Not a state file at all, so not damage: nothing is quarantined or replaced.
                return (StateParse.NotARegularFile(DescribeNonRegular(info)), info);
            }

            if (info.Size > MaxFileBytes)
            {
                return (StateParse.Damaged($"the file is {info.Size:N0} bytes, more than the {MaxFileBytes:N0} a state file may have"), info);
            }

            return (StateSerializer.Parse(fileSystem.ReadAll(path)), info);
        }
        catch (FileOperationException ex)
        {
            throw new StateIOException(location, ex.Operation, ex.Path, ex.Errno, $"Could not read {path}: {ex.Message}.", ex);
        }
    }

    /// <summary>
    /// A missing state is an empty one only when its backup is missing too: the commit protocol never removes
    /// the state path, so a backup alone means someone deleted the state, and it is not silently resurrected.
    /// </summary>
    public void ThrowIfOnlyTheBackupExists(StateFilePaths paths)
    {
        var (backup, _) = Read(paths.Backup);
        if (backup.Outcome != StateParseOutcome.Missing)
        {
            throw new StateMissingException(paths.State, paths.Backup, backup.Document?.Serial, StateFileCheck.ConditionOf(backup), backup.Problem);
        }
    }

    public StateFileCheck Check(string path)
    {
        var (parse, info) = Read(path);
        return StateFileCheck.Of(path, parse, info?.LastWrite);
    }

    private static string DescribeNonRegular(StateFileInfo info) =>
        info.IsSymbolicLink ? "a symbolic link (AgentSpec does not follow links for its state files)"
        : info.IsDirectory ? "a directory, not a file"
        : "not a regular file (a device, FIFO or socket)";
}
