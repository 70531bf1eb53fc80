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
