using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AgentSpec.Core.Sessions;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.Sessions;

[CollectionDefinition(nameof(SessionTelemetryRunsAlone), DisableParallelization = true)]
public sealed class SessionTelemetryRunsAlone;

/// <summary>The span and metrics of appends. Runs alone so that no other test's appends are counted.</summary>
[Collection(nameof(SessionTelemetryRunsAlone))]
public sealed class SessionTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _activityListener;
    private readonly MeterListener _meterListener = new();
    private readonly MemorySessionStore _store = new(new MemorySessionStoreOptions(), new FakeTimeProvider(SessionTestData.Start), NullLogger<MemorySessionStore>.Instance);

    public SessionTelemetryTests()
    {
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentSpecTelemetry.SessionsSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activityListener);
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AgentSpecTelemetry.SessionsSourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _activityListener.Dispose();
        _meterListener.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Appends_emit_a_session_append_span_and_count_appended_and_duplicate_turns()
    {
        var session = await _store.CreateAsync("bot", null, default);

        await _store.AppendTurnAsync(session.Id, SessionTestData.Turn(1), new AppendTurnOptions("k", "r"), default);
        await _store.AppendTurnAsync(session.Id, SessionTestData.Turn(1), new AppendTurnOptions("k", "r"), default);

        var spans = _activities.Where(a => (string?)a.GetTagItem(SessionTelemetry.SessionIdTag) == session.Id).ToList();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal("session.append", span.OperationName);
            Assert.Equal("memory", span.GetTagItem(SessionTelemetry.StoreTag));
            Assert.Equal(2, span.GetTagItem(SessionTelemetry.MessageCountTag));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
        Assert.Equal(["appended", "duplicate"], spans.Select(s => s.GetTagItem(SessionTelemetry.OutcomeTag)));

        var appends = _measurements.Where(m => m.Instrument == "agentspec.session.appends").ToList();
        Assert.Equal(2, appends.Count);
        Assert.Equal(["appended", "duplicate"], appends.Select(m => m.Tags[SessionTelemetry.OutcomeTag]));
        Assert.All(appends, m => Assert.Equal("memory", m.Tags[SessionTelemetry.StoreTag]));
        Assert.Equal(2, _measurements.Count(m => m.Instrument == "agentspec.session.append.duration"));
        Assert.DoesNotContain(_measurements, m => m.Instrument == "agentspec.session.append.failures");
    }

    [Fact]
    public async Task A_failed_append_marks_the_span_as_an_error_and_counts_a_failure()
    {
        var missing = SessionId.New();

        await Assert.ThrowsAsync<SessionNotFoundException>(() => _store.AppendTurnAsync(missing, SessionTestData.Turn(1), AppendTurnOptions.None, default));

        var span = Assert.Single(_activities, a => (string?)a.GetTagItem(SessionTelemetry.SessionIdTag) == missing);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("session_not_found", span.GetTagItem("error.type"));
        var failure = Assert.Single(_measurements, m => m.Instrument == "agentspec.session.append.failures");
        Assert.Equal("session_not_found", failure.Tags["error.type"]);
        Assert.Equal(1.0, failure.Value);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
