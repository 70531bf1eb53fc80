using System.Runtime.InteropServices;
using AgentSpec.Core.CliContract;

namespace AgentSpec.Cli.Hosting;

/// <summary>
/// SIGINT and SIGTERM, handled alike (docs/cli.md, "Signals"): the first cancels the command's token, so a
/// prompt answers no and an apply stops new work, commits what finished and releases the lock; a second
/// terminates at once. The exit code then says which signal ended the command (130 or 143).
/// </summary>
public sealed class SignalInterruption : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _received;

    public SignalInterruption()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    public CancellationToken Token => _interrupt.Token;

    /// <summary>The exit code for a command that did not succeed: the signal's conventional code when one ended it.</summary>
    public int ExitCodeFor(int commandExitCode) => commandExitCode == ExitCodes.Success
        ? commandExitCode
        : Volatile.Read(ref _received) switch
        {
            (int)PosixSignal.SIGINT => ExitCodes.InterruptedBySigint,
            (int)PosixSignal.SIGTERM => ExitCodes.TerminatedBySigterm,
            _ => commandExitCode,
        };

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _interrupt.Dispose();
    }

    private void Handle(PosixSignalContext signal)
    {
        // A second signal is left to its default action: the process ends at once.
        if (Interlocked.CompareExchange(ref _received, (int)signal.Signal, 0) != 0)
        {
            return;
        }

        signal.Cancel = true;
        _interrupt.Cancel();
    }
}
