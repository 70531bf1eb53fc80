using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// The other process of the lock hand-off (<c>lock-holder STATE_PATH</c>): takes the lock on "acquire",
/// and on "release" notes the monotonic time and releases it, then answers "released TIMESTAMP".
/// </summary>
internal static class LockHolderChild
{
    public const string Mode = "lock-holder";

    public static Task<int> RunAsync(string statePath) => ServeAsync(new FileStateBackend(statePath), Mode);

    /// <summary>
    /// The holder's protocol on stdin/stdout, for any backend: <c>acquire</c> → <c>held</c>, <c>release</c> →
    /// <c>released &lt;clock&gt;</c> (the monotonic clock just before the release, for the hand-off figures).
    /// </summary>
    public static async Task<int> ServeAsync(IStateLocker backend, string mode)
    {
        var options = new StateLockOptions { Operation = "benchmark holder" };
        IStateLock? held = null;
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            switch (command)
            {
                case "acquire":
                    held = await backend.LockAsync(options, CancellationToken.None);
                    Console.Out.WriteLine("held");
                    break;
                case "release" when held is not null:
                    var releasing = Clock.Now;
                    await held.DisposeAsync();
                    held = null;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"released {releasing}"));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"{mode}: unexpected command '{command}'");
                    return 2;
            }

            Console.Out.Flush();
        }

        if (held is not null)
        {
            await held.DisposeAsync();
        }

        return 0;
    }
}
