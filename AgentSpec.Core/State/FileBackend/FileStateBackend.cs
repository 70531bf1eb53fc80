using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// The local state file backend: <c>.agentspec.state.json</c> with its <c>.bak</c>, <c>.lock</c> and
/// <c>.lock.info</c> siblings (docs/state.md, "Files" and "Lock protocol"). Linux only (kernel <c>flock</c>, <c>statx</c>):
/// on any other platform the constructor refuses before touching anything.
/// </summary>
public sealed class FileStateBackend : IStateBackend
{
    public const string DefaultFileName = ".agentspec.state.json";

    private readonly IStateFileSystem _fileSystem;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StateLockAcquirer _acquirer;
    private readonly StateLockInspector _inspector;
    private readonly StateFileReader _reader;

    /// <param name="statePath">The state file (relative paths are resolved now).</param>
    /// <param name="logger">Receives the state log events (docs/telemetry.md, "State log events"); use the category <c>AgentSpec.State</c>.</param>
    /// <param name="timeProvider">Clock for leases, waits and timestamps.</param>
    /// <param name="fileSystem">The seam under the commit, load and lock protocols (tests inject faults here).</param>
    public FileStateBackend(string statePath, ILogger? logger = null, TimeProvider? timeProvider = null, IStateFileSystem? fileSystem = null)
    {
        if (!NativePlatform.IsVerified)
        {
            throw new StatePlatformException(Path.GetFullPath(statePath), NativePlatform.Describe());
        }

        Paths = new StateFilePaths(statePath);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _fileSystem = fileSystem ?? LinuxStateFileSystem.Instance;
        var info = new StateLockInfoFile(Paths, _fileSystem);
        _inspector = new StateLockInspector(Paths, _fileSystem, info, _logger, _time);
        _acquirer = new StateLockAcquirer(Paths, _fileSystem, info, _inspector, _logger, _time);
        _reader = new StateFileReader(_fileSystem, Paths.State);
    }

    public StateFilePaths Paths { get; }

    public string Location => Paths.State;

    public Task<StateDocument> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LoadSpan, Paths.State);
        activity?.SetTag("state.locked", false);
        var (parse, _) = _reader.Read(Paths.State);
        parse.ThrowIfUntouchable(Paths.State);
        switch (parse.Outcome)
        {
            case StateParseOutcome.Valid:
                activity?.SetTag("state.serial", parse.Document!.Serial);
                return Task.FromResult(parse.Document!);
            case StateParseOutcome.Missing:
                _reader.ThrowIfOnlyTheBackupExists(Paths);
                return Task.FromResult(StateDocument.Empty());
            default:
                var (backup, _) = _reader.Read(Paths.Backup);
                if (backup.IsValid)
                {
                    StateLog.ReadFromBackup(_logger, Paths.State, parse.Problem!, Paths.Backup, backup.Document!.Serial);
                    return Task.FromResult(backup.Document!);
                }

                throw new StateCorruptedException(Paths.State, parse.Problem!, null, Paths.Backup, StateFileCheck.ConditionOf(backup), backup.Problem);
        }
    }

    public async Task<IStateLock> LockAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        var lease = await _acquirer.AcquireAsync(options, cancellationToken);
        try
        {
            var held = new FileStateLock(Paths, _fileSystem, _logger, _time, lease);
            held.RemoveEarlierHoldersTempFiles();
            return held;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public Task<StateStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (parse, info) = _reader.Read(Paths.State);
        var counts = StateEntryStatus.All.ToDictionary(status => status, _ => 0, StringComparer.Ordinal);
        if (parse.IsValid)
        {
            foreach (var entry in parse.Document!.Entries)
            {
                counts[entry.Status]++;
            }
        }

        return Task.FromResult(new StateStatus
        {
            State = StateFileCheck.Of(Paths.State, parse, info?.LastWrite),
            Backup = _reader.Check(Paths.Backup),
            CountsByStatus = counts,
            Lock = _inspector.GetStatus(),
        });
    }

    public Task<StateVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new StateVerification(_reader.Check(Paths.State), _reader.Check(Paths.Backup)));
    }

    public Task<StateLockHolderInfo> ForceUnlockAsync(string lockId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_inspector.ForceUnlock(lockId));
    }
}
