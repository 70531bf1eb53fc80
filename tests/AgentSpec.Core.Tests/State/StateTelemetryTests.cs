using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.Telemetry;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>Acceptance 9: every state event of docs/telemetry.md ("State log events") with its fields, the spans and the metrics.</summary>
public sealed class StateTelemetryTests
{
    private static readonly Dictionary<int, (LogLevel Level, string[] Fields)> Contract = new()
    {
        [3001] = (LogLevel.Information, ["path", "pid", "lock_id", "wait_ms"]),
        [3002] = (LogLevel.Information, ["path", "pid", "lock_id", "held_ms"]),
        [3003] = (LogLevel.Information, ["path", "holder_pid", "holder_host", "holder_operation"]),
        [3004] = (LogLevel.Warning, ["path", "stale_pid", "stale_age", "stale_age_ms", "stale_host"]),
        [3005] = (LogLevel.Warning, ["path", "stale_pid", "stale_age", "stale_age_ms", "stale_host"]),
        [3006] = (LogLevel.Error, ["path", "holder_pid", "wait_ms"]),
        [3007] = (LogLevel.Error, ["path", "reason", "quarantined_as"]),
        [3008] = (LogLevel.Error, ["path", "backup_path", "backup_serial"]),
        [3009] = (LogLevel.Error, ["path", "backup_path"]),
        [3010] = (LogLevel.Error, ["path", "expected_serial", "found_serial"]),
    };

    [Fact]
    public async Task Every_state_event_span_and_metric_is_emitted_with_its_fields()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var spans = new ConcurrentBag<string>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentSpecTelemetry.StateSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem(StateTelemetry.PathTag), statePath))
                {
                    spans.Add(activity.OperationName);
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);
        var instruments = new ConcurrentDictionary<string, int>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AgentSpecTelemetry.StateSourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((instrument, _, _, _) => instruments.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1));
        meterListener.SetMeasurementEventCallback<long>((instrument, _, _, _) => instruments.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1));
        meterListener.Start();

        var logger = new FakeLogger();
        var backend = new FileStateBackend(statePath, logger);

        // 3001, 3002: acquire and release; two commits so a backup exists.
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        // 3003, 3006: a waiter times out behind a holder.
        await using (var first = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StateLockTimeoutException>(() =>
                new FileStateBackend(statePath, logger).LockAsync(new StateLockOptions { LockTimeout = TimeSpan.FromMilliseconds(100) }, CancellationToken.None));
        }

        // 3005, 3010: a holder that stops renewing is broken; its commit is then fenced.
        var hung = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var hungDocument = (await hung.LoadAsync(CancellationToken.None)).Document;
        await StateTestSupport.CommitAsyncWith(
            new FileStateBackend(statePath, logger),
            new StateLockOptions { StaleLockTimeout = TimeSpan.FromMilliseconds(300) },
            doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/c")));
        hungDocument.Upsert(StateTestSupport.Entry("pkg/Agent/hung"));
        await Assert.ThrowsAsync<StateLockLostException>(() => hung.CommitAsync(hungDocument, CancellationToken.None));
        await hung.DisposeAsync();

        // 3004: information left by a dead holder.
        var leftover = new StateLockHolderInfo
        {
            LockId = "deadbeefdeadbeefdeadbeefdeadbeef",
            Pid = 999_999,
            Hostname = "gone-host",
            User = "nobody",
            Operation = "apply",
            Created = DateTimeOffset.UtcNow.AddMinutes(-3),
            Renewed = DateTimeOffset.UtcNow.AddMinutes(-2),
            LockFileId = "0:0:0",
        };
        File.WriteAllBytes(statePath + ".lock.info", JsonSerializer.SerializeToUtf8Bytes(leftover, StateJsonContext.Default.StateLockHolderInfo));
        await StateTestSupport.LoadAsync(backend);

        // 3007, 3008: damaged state, valid backup.
        File.WriteAllText(statePath, "{\"version\":\"2\"");
        await StateTestSupport.LoadAsync(backend);

        // 3009: both damaged.
        File.WriteAllText(statePath, "[]");
        File.WriteAllText(statePath + ".bak", "");
        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
        }

        var records = logger.Collector.GetSnapshot();
        foreach (var (eventId, (level, fields)) in Contract)
        {
            var record = records.FirstOrDefault(r => r.Id.Id == eventId);
            Assert.True(record is not null, $"event {eventId} was not emitted");
            Assert.Equal(level, record!.Level);
            var state = record.StructuredState!.Select(pair => pair.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                Assert.True(state.Contains(field), $"event {eventId} ({record.Id.Name}) lacks field {field}");
            }

            Assert.Equal(statePath, record.GetStructuredStateValue("path"));
        }

        Assert.Equal("999999", records.Single(r => r.Id.Id == 3004).GetStructuredStateValue("stale_pid"));
        Assert.Equal("gone-host", records.Single(r => r.Id.Id == 3004).GetStructuredStateValue("stale_host"));

        Assert.Contains(StateTelemetry.LockAcquireSpan, spans);
        Assert.Contains(StateTelemetry.LoadSpan, spans);
        Assert.Contains(StateTelemetry.CommitSpan, spans);

        meterListener.RecordObservableInstruments();
        foreach (var name in new[]
                 {
                     StateTelemetry.LockWaitDurationName, StateTelemetry.LockHoldDurationName, StateTelemetry.StaleLockRecoveriesName,
                     StateTelemetry.CorruptionRecoveriesName, StateTelemetry.CommitDurationName, StateTelemetry.FsyncDurationName,
                 })
        {
            Assert.True(instruments.ContainsKey(name), $"no measurement of {name}");
        }
    }
}
