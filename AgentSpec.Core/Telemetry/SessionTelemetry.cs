using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentSpec.Core.Telemetry;

/// <summary>
/// Spans and metrics of the session stores, on the <see cref="AgentSpecTelemetry.SessionsSourceName"/>
/// ActivitySource and Meter. The names are API (dashboards depend on them) and never change.
/// </summary>
public static class SessionTelemetry
{
    public const string AppendActivityName = "session.append";

    /// <summary>Counter of turns written (tag <see cref="OutcomeTag"/>: <c>appended</c> or <c>duplicate</c>).</summary>
    public const string AppendsCounterName = "agentspec.session.appends";

    /// <summary>Counter of appends that failed (tag <c>error.type</c>: <c>session_store_unavailable</c> or <c>session_not_found</c>).</summary>
    public const string AppendFailuresCounterName = "agentspec.session.append.failures";

    /// <summary>Histogram of append durations in milliseconds.</summary>
    public const string AppendDurationHistogramName = "agentspec.session.append.duration";

    public const string StoreTag = "agentspec.session.store";
    public const string SessionIdTag = "agentspec.session.id";
    public const string MessageCountTag = "agentspec.session.turn.messages";
    public const string OutcomeTag = "agentspec.session.outcome";
    public const string ErrorTypeTag = "error.type";

    public const string AppendedOutcome = "appended";
    public const string DuplicateOutcome = "duplicate";
    public const string UnavailableErrorType = "session_store_unavailable";
    public const string NotFoundErrorType = "session_not_found";

    private static readonly Counter<long> Appends =
        AgentSpecTelemetry.SessionsMeter.CreateCounter<long>(AppendsCounterName, unit: "{turn}", description: "Chat turns appended to session history.");

    private static readonly Counter<long> AppendFailures =
        AgentSpecTelemetry.SessionsMeter.CreateCounter<long>(AppendFailuresCounterName, unit: "{turn}", description: "Chat turns that could not be appended.");

    private static readonly Histogram<double> AppendDuration =
        AgentSpecTelemetry.SessionsMeter.CreateHistogram<double>(AppendDurationHistogramName, unit: "ms", description: "Time to append one chat turn.");

    internal static Activity? StartAppend(string store, string sessionId, int messageCount)
    {
        var activity = AgentSpecTelemetry.Sessions.StartActivity(AppendActivityName, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag(StoreTag, store);
            activity.SetTag(SessionIdTag, sessionId);
            activity.SetTag(MessageCountTag, messageCount);
        }

        return activity;
    }

    internal static void RecordAppend(Activity? activity, string store, bool appended, TimeSpan elapsed)
    {
        var outcome = appended ? AppendedOutcome : DuplicateOutcome;
        activity?.SetTag(OutcomeTag, outcome);
        Appends.Add(1, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(OutcomeTag, outcome));
        AppendDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>(StoreTag, store));
    }

    internal static void RecordAppendFailure(Activity? activity, string store, string errorType, Exception exception, TimeSpan elapsed)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
            activity.SetTag(ErrorTypeTag, errorType);
            activity.AddException(exception);
        }

        AppendFailures.Add(1, new KeyValuePair<string, object?>(StoreTag, store), new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
        AppendDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>(StoreTag, store));
    }
}
