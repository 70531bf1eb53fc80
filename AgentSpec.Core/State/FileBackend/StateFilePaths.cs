using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>The names of every file that belongs to one state file. All live in the state file's directory, so renames stay atomic.</summary>
public sealed class StateFilePaths
{
    /// <summary>How a lock was broken, as named in its renamed lock file.</summary>
    public const string BrokenAsStale = "stale";

    public const string BrokenByForce = "forced";

    /// <summary>NAME_MAX: the most bytes one file name may have on Linux file systems.</summary>
    public const int NameMax = 255;

    /// <summary>
    /// The longest suffix a sibling adds to the state file's name: <c>.lock.broken-</c> + stamp + <c>-forced-</c> + 16 hex.
    /// A state name leaves room for it, or every break of its lock would fail with ENAMETOOLONG.
    /// </summary>
    public const int LongestSuffix = 57;

    /// <summary>The longest state file name (in UTF-8 bytes) whose siblings all fit in <see cref="NameMax"/>.</summary>
    public const int MaxFileNameBytes = NameMax - LongestSuffix;

    public StateFilePaths(string statePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statePath);
        State = Path.GetFullPath(statePath);
        Directory = Path.GetDirectoryName(State) ?? throw new ArgumentException($"The state path {statePath} has no directory.", nameof(statePath));
        FileName = Path.GetFileName(State);
        var nameBytes = Encoding.UTF8.GetByteCount(FileName);
        if (nameBytes > MaxFileNameBytes)
        {
            throw new StatePathException(
                State,
                $"a file name of {nameBytes} bytes, too long for the files AgentSpec keeps beside it (at most {MaxFileNameBytes} bytes, so that names such as {FileName[..8]}….lock.broken-… stay within the {NameMax}-byte limit)",
                linkTarget: null,
                hint: "Point --state-file at a file with a shorter name.");
        }

        Backup = State + ".bak";
        Lock = State + ".lock";
        LockInfo = State + ".lock.info";
    }

    public string State { get; }

    public string Directory { get; }

    public string FileName { get; }

    /// <summary>The previous generation, kept by hard link on every commit.</summary>
    public string Backup { get; }

    /// <summary>The permanent lock file (never deleted; renamed aside only when a lock is broken).</summary>
    public string Lock { get; }

    /// <summary>Who holds the lock (JSON, replaced atomically).</summary>
    public string LockInfo { get; }

    /// <summary>Prefix of the commit temp file names (file name only).</summary>
    public string TempPrefix => FileName + ".tmp-";

    /// <summary>Prefix of the backup temp link names (file name only).</summary>
    public string BackupTempPrefix => FileName + ".bak.tmp-";

    /// <summary>Prefix of the holder information temp file names (file name only).</summary>
    public string LockInfoTempPrefix => FileName + ".lock.info.tmp-";

    /// <summary>Prefix of lock files renamed aside when a lock was broken (file name only).</summary>
    public string BrokenLockPrefix => FileName + ".lock.broken-";

    /// <summary>Prefix of quarantined damaged states (file name only).</summary>
    public string CorruptPrefix => FileName + ".corrupt-";

    /// <summary>Prefix of quarantined damaged backups (file name only).</summary>
    public string CorruptBackupPrefix => FileName + ".bak.corrupt-";

    public string NewTemp() => Path.Combine(Directory, TempPrefix + RandomSuffix());

    public string NewBackupTemp() => Path.Combine(Directory, BackupTempPrefix + RandomSuffix());

    public string NewLockInfoTemp() => Path.Combine(Directory, LockInfoTempPrefix + RandomSuffix());

    /// <summary><c>&lt;state&gt;.lock.broken-&lt;UTC&gt;-&lt;how&gt;-&lt;hex&gt;</c>; <paramref name="how"/> is <see cref="BrokenAsStale"/> or <see cref="BrokenByForce"/>, so the broken holder can tell which.</summary>
    public string BrokenLock(DateTimeOffset now, string how) => Path.Combine(Directory, BrokenLockPrefix + Stamp(now) + "-" + how + "-" + RandomSuffix());

    public string Quarantine(string prefix, DateTimeOffset now, int attempt) =>
        Path.Combine(Directory, prefix + Stamp(now) + (attempt == 0 ? string.Empty : "-" + attempt.ToString(CultureInfo.InvariantCulture)));

    /// <summary>UTC, sortable, safe in file names: 20261125T100000.123Z.</summary>
    public static string Stamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
