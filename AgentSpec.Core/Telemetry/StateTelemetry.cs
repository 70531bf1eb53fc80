using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentSpec.Core.Telemetry;

/// <summary>
/// Span and instrument names of the state backend (docs/telemetry.md, "State and apply spans" and "State metrics"), on the ActivitySource
/// and Meter <see cref="AgentSpecTelemetry.StateSourceName"/>. Names are API: never rename them.
/// </summary>
public static class StateTelemetry
{
    public const string LockAcquireSpan = "state.lock.acquire";
    public const string LoadSpan = "state.load";
    public const string CommitSpan = "state.commit";

    public const string LockWaitDurationName = "agentspec.state.lock.wait.duration";
    public const string LockHoldDurationName = "agentspec.state.lock.hold.duration";
    public const string StaleLockRecoveriesName = "agentspec.state.lock.stale_recoveries";
    public const string CorruptionRecoveriesName = "agentspec.state.corruption_recoveries";
    public const string CommitDurationName = "agentspec.state.commit.duration";
    public const string FsyncDurationName = "agentspec.state.fsync.duration";

    /// <summary>Tag on <see cref="StaleLockRecoveriesName"/>: <c>dead</c> (holder gone) or <c>broken</c> (holder hung) or <c>forced</c> (unlock --force).</summary>
    public const string StaleKindTag = "kind";

    /// <summary>Tag naming the state file on spans and measurements.</summary>
    public const string PathTag = "state.path";

    /// <summary>Tag naming the backend (<c>file</c>, <c>redis</c>) on spans and on the Redis backend's measurements.</summary>
    public const string BackendTag = "state.backend";

    /// <summary>Tag naming the workspace of the Redis backend on spans and measurements.</summary>
    public const string WorkspaceTag = "state.workspace";

    /// <summary>The file backend's <see cref="BackendTag"/> on its measurements.</summary>
    public static readonly KeyValuePair<string, object?> FileBackend = new(BackendTag, "file");

    public static readonly Histogram<double> LockWaitDuration =
        AgentSpecTelemetry.StateMeter.CreateHistogram<double>(LockWaitDurationName, "ms", "Time spent waiting for the state lock.");

    public static readonly Histogram<double> LockHoldDuration =
        AgentSpecTelemetry.StateMeter.CreateHistogram<double>(LockHoldDurationName, "ms", "Time the state lock was held.");

    public static readonly Counter<long> StaleLockRecoveries =
        AgentSpecTelemetry.StateMeter.CreateCounter<long>(StaleLockRecoveriesName, "{lock}", "Stale state locks recovered or broken.");

    public static readonly Counter<long> CorruptionRecoveries =
        AgentSpecTelemetry.StateMeter.CreateCounter<long>(CorruptionRecoveriesName, "{recovery}", "Damaged states restored from their backup.");

    public static readonly Histogram<double> CommitDuration =
        AgentSpecTelemetry.StateMeter.CreateHistogram<double>(CommitDurationName, "ms", "Duration of a state commit (write, fsync, backup, rename, directory fsync).");

    public static readonly Histogram<double> FsyncDuration =
        AgentSpecTelemetry.StateMeter.CreateHistogram<double>(FsyncDurationName, "ms", "Duration of one fsync (file or directory) during a state commit.");

    public static Activity? StartActivity(string name, string statePath)
    {
        var activity = AgentSpecTelemetry.State.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(PathTag, statePath);
        activity?.SetTag(BackendTag, "file");
        return activity;
    }

    /// <summary>A span of the Redis backend: the same names as the file backend's, with backend and workspace.</summary>
    public static Activity? StartActivity(string name, string location, string workspace)
    {
        var activity = AgentSpecTelemetry.State.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(PathTag, location);
        activity?.SetTag(BackendTag, "redis");
        activity?.SetTag(WorkspaceTag, workspace);
        return activity;
    }
}
