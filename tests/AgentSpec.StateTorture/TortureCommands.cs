using System.Globalization;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.RedisBackend;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.StateTorture;

/// <summary>
/// Modes, each speaking a line protocol on stdout so the tests know exactly what was acknowledged:
/// <list type="bullet">
/// <item><c>commit-loop STATE FILLER</c>: commits forever; prints <c>ACK serial</c> after each commit returned.</item>
/// <item><c>hold STATE STALE_SECONDS OPERATION</c>: takes the lock, prints <c>LOCKED lockid serial</c>, then obeys
/// stdin lines <c>commit</c> (prints <c>COMMITTED serial</c> or <c>LOST message</c>) and <c>release</c>.</item>
/// <item><c>redis-hold CONNECTION WORKSPACE LEASE_MS OPERATION</c>: the same on the Redis backend.</item>
/// </list>
/// Every commit sets the counter entry's hash to <c>value-SERIAL</c>, so a reader can tell a whole state from a mix.
/// </summary>
internal static class TortureCommands
{
    public const string CounterFqn = "torture/Counter/n";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: commit-loop STATE FILLER | hold STATE STALE_SECONDS OPERATION | redis-hold CONNECTION WORKSPACE LEASE_MS OPERATION");
            return 2;
        }

        return args[0] switch
        {
            "commit-loop" => await CommitLoopAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture)),
            "hold" => await HoldAsync(new FileStateBackend(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture), args[3]),
            "redis-hold" => await RedisHoldAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]),
            _ => 2,
        };
    }

    private static async Task<int> CommitLoopAsync(string statePath, int filler)
    {
        var backend = new FileStateBackend(statePath);
        var options = new StateLockOptions { Operation = "torture", LockTimeout = TimeSpan.FromMinutes(2) };
        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        while (true)
        {
            await using var held = await backend.LockAsync(options, CancellationToken.None);
            var loaded = await held.LoadAsync(CancellationToken.None);
            var document = loaded.Document;
            Advance(document, filler);
            var result = await held.CommitAsync(document, CancellationToken.None);
            Console.Out.WriteLine($"ACK {result.Serial.ToString(CultureInfo.InvariantCulture)}");
            Console.Out.Flush();
        }
    }

    private static async Task<int> RedisHoldAsync(string connectionString, string workspace, int leaseMilliseconds, string operation)
    {
        await using var connection = await RedisStateBackend.ConnectAsync(connectionString, CancellationToken.None);
        var backend = new RedisStateBackend(
            connection,
            new RedisStateBackendOptions { Workspace = workspace, Lease = TimeSpan.FromMilliseconds(leaseMilliseconds) },
            NullLogger<RedisStateBackend>.Instance,
            TimeProvider.System);
        return await HoldAsync(backend, TimeSpan.FromMinutes(5).TotalSeconds, operation);
    }

    private static async Task<int> HoldAsync(IStateBackend backend, double staleSeconds, string operation)
    {
        var options = new StateLockOptions
        {
            Operation = operation,
            LockTimeout = TimeSpan.FromMinutes(2),
            StaleLockTimeout = TimeSpan.FromSeconds(staleSeconds),
        };
        var held = await backend.LockAsync(options, CancellationToken.None);
        try
        {
            var loaded = await held.LoadAsync(CancellationToken.None);
            var document = loaded.Document;
            Console.Out.WriteLine($"LOCKED {held.Holder.LockId} {document.Serial.ToString(CultureInfo.InvariantCulture)}");
            Console.Out.Flush();
            while (await Console.In.ReadLineAsync() is { } line)
            {
                if (line == "release")
                {
                    break;
                }

                if (line == "commit")
                {
                    try
                    {
                        Advance(document, 0);
                        var result = await held.CommitAsync(document, CancellationToken.None);
                        Console.Out.WriteLine($"COMMITTED {result.Serial.ToString(CultureInfo.InvariantCulture)}");
                    }
                    catch (StateLockLostException ex)
                    {
                        Console.Out.WriteLine($"LOST {ex.Message}");
                    }

                    Console.Out.Flush();
                }
            }
        }
        finally
        {
            await held.DisposeAsync();
        }

        Console.Out.WriteLine("RELEASED");
        Console.Out.Flush();
        return 0;
    }

    /// <summary>The next state after <paramref name="document"/>: counter entry names the serial it will be committed with.</summary>
    public static void Advance(StateDocument document, int filler)
    {
        for (var i = 0; i < filler; i++)
        {
            var fqn = string.Create(CultureInfo.InvariantCulture, $"torture/Filler/{i:D5}");
            if (document.Find(fqn) is null)
            {
                document.Upsert(new StateEntry { Fqn = fqn, Hash = "sha256:" + new string('f', 64), Adapter = "record-only" });
            }
        }

        document.Upsert(new StateEntry
        {
            Fqn = CounterFqn,
            Hash = string.Create(CultureInfo.InvariantCulture, $"value-{document.Serial + 1}"),
            Adapter = "record-only",
        });
    }
}
