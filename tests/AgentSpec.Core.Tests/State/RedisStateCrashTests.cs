using System.Globalization;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 5 of the Redis backend: the server is SIGKILLed in the middle of a stream of commits and
/// restarted from its append-only file. The state then loads as the last acknowledged serial or the next one
/// (the commit in flight), whole (checksum verified), never older. This class starts its own server: killing
/// a shared one would disturb other tests.
/// </summary>
public sealed class RedisStateCrashTests : IAsyncLifetime
{
    private const int Rounds = 3;
    private const int FillerEntries = 300;
    private const string CounterFqn = "crash/Counter/n";

    private readonly ITestOutputHelper _output;
    private readonly string _workspace = "crash-" + Guid.NewGuid().ToString("N");
    private RedisServer? _server;

    public RedisStateCrashTests(ITestOutputHelper output) => _output = output;

    private RedisServer Server => _server!;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_a_crash_and_a_restart_from_the_append_only_file_the_state_is_the_last_acknowledged_serial_or_the_next()
    {
        long lastAcknowledged = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Shorter than the launcher's minute, so the writer notices the crash soon.
            await using (var connection = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString + ",syncTimeout=10000,asyncTimeout=10000"))
            {
                var backend = NewBackend(connection);
                var acknowledged = 0;
                var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var writer = Task.Run(async () =>
                {
                    while (true)
                    {
                        try
                        {
                            await using var held = await backend.LockAsync(new StateLockOptions { Operation = "crash", LockTimeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);
                            var document = (await held.LoadAsync(CancellationToken.None)).Document;
                            Advance(document);
                            var committed = await held.CommitAsync(document, CancellationToken.None);
                            Interlocked.Exchange(ref lastAcknowledged, committed.Serial);
                            if (++acknowledged == 20)
                            {
                                enough.TrySetResult();
                            }
                        }
                        catch (StateBackendUnavailableException) when (killed.Task.IsCompleted)
                        {
                            return;
                        }
                    }
                });

                await Task.WhenAny(enough.Task, writer);
                Assert.False(writer.IsCompleted, writer.Exception?.ToString());
                killed.SetResult();
                await Server.KillAsync();
                await writer;
            }

            await Server.RestartAsync();
            var acknowledgedSerial = Interlocked.Read(ref lastAcknowledged);
            await using var verifier = await Server.ConnectAsync();
            var reader = NewBackend(verifier);
            var verification = await reader.VerifyAsync(CancellationToken.None);
            Assert.True(verification.State.Valid, verification.State.Problem);
            var serial = verification.State.Serial!.Value;
            _output.WriteLine($"round {round}: last acknowledged serial {Format(acknowledgedSerial)}, after the restart {serial}");
            Assert.InRange(serial, acknowledgedSerial, acknowledgedSerial + 1);

            // Whole: the counter entry names the serial it was committed with.
            await using (var held = await reader.LockAsync(new StateLockOptions { Operation = "verify", LockTimeout = TimeSpan.FromSeconds(90) }, CancellationToken.None))
            {
                var loaded = await held.LoadAsync(CancellationToken.None);
                Assert.Null(loaded.Recovery);
                Assert.Equal(serial, loaded.Document.Serial);
                Assert.Equal($"value-{serial.ToString(CultureInfo.InvariantCulture)}", loaded.Document.Find(CounterFqn)!.Hash);
                Assert.Equal(FillerEntries + 1, loaded.Document.Entries.Count);
            }

            lastAcknowledged = serial;
        }
    }

    /// <summary>
    /// The server stops answering (SIGSTOP) after a commit was sent: the commit times out, and the backend reads the
    /// serial back before doing anything else. Resumed in time, the read-back (queued behind the commit on the same
    /// connection) shows the commit applied and the commit succeeds; resumed too late, the error says the outcome
    /// is unknown. Either way the state is then the new serial, whole.
    /// </summary>
    [Fact]
    public async Task A_commit_whose_answer_never_came_is_resolved_by_reading_the_serial_back()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<RedisStateBackend>();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Server.ConnectionString + ",syncTimeout=1000,asyncTimeout=1000");
        var backend = new RedisStateBackend(connection, new RedisStateBackendOptions { Workspace = _workspace }, logger, TimeProvider.System);
        await StateTestSupport.CommitAsyncWith(backend, new StateLockOptions { Operation = "seed" }, Advance);
        var pid = Server.ProcessId!.Value;
        await using (var held = await backend.LockAsync(new StateLockOptions { Operation = "apply" }, CancellationToken.None))
        {
            var document = (await held.LoadAsync(CancellationToken.None)).Document;
            Advance(document);
            Signal(pid, "STOP");
            var resumed = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(4));
                Signal(pid, "CONT");
            });
            try
            {
                var committed = await held.CommitAsync(document, CancellationToken.None);
                Assert.Equal(2, committed.Serial);
                var resolved = Assert.Single(logger.Collector.GetSnapshot(), record => record.Id.Id == 3042);
                Assert.Equal("written", resolved.StructuredState!.Single(p => p.Key == "outcome").Value);
                _output.WriteLine("the commit timed out and the read-back found it written");
            }
            catch (StateBackendUnavailableException unknown)
            {
                Assert.True(unknown.OutcomeUnknown, unknown.Message);
                _output.WriteLine($"the server resumed after the read-back gave up: {unknown.Message}");
            }
            finally
            {
                await resumed;
            }
        }

        var state = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(state.State.Valid, state.State.Problem);
        Assert.Equal(2, state.State.Serial);
        Assert.True(state.Backup.Valid);
        Assert.Equal(1, state.Backup.Serial);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static string Format(long serial) => serial.ToString(CultureInfo.InvariantCulture);

    private RedisStateBackend NewBackend(IConnectionMultiplexer connection) =>
        new(connection, new RedisStateBackendOptions { Workspace = _workspace, Lease = TimeSpan.FromSeconds(3) }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);

    private static void Advance(StateDocument document)
    {
        for (var i = 0; i < FillerEntries; i++)
        {
            var fqn = string.Create(CultureInfo.InvariantCulture, $"crash/Filler/{i:D5}");
            if (document.Find(fqn) is null)
            {
                document.Upsert(new StateEntry { Fqn = fqn, Hash = "sha256:" + new string('f', 64), Adapter = "record-only" });
            }
        }

        document.Upsert(new StateEntry { Fqn = CounterFqn, Hash = string.Create(CultureInfo.InvariantCulture, $"value-{document.Serial + 1}"), Adapter = "record-only" });
    }
}
