using AgentSpec.Core.State;

namespace AgentSpec.Cli.Output;

/// <summary>
/// Shows who holds the state lock while we wait: one line redrawn in place on a terminal, otherwise a
/// line now and then, so logs stay readable.
/// </summary>
public sealed class LockWaitReporter(CliContext context) : IProgress<StateLockWaiting>
{
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private TimeSpan? _lastPrinted;
    private bool _lineOpen;

    public void Report(StateLockWaiting value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (context.ErrorIsTerminal)
            {
                context.Error.Write($"\r\u001b[K{TerminalText.Sanitize(value.Describe())}");
                context.Error.Flush();
                _lineOpen = true;
                return;
            }

            if (_lastPrinted is { } last && value.Elapsed - last < RedirectedInterval)
            {
                return;
            }

            context.Error.WriteLine(TerminalText.Sanitize(value.Describe()));
            _lastPrinted = value.Elapsed;
        }
    }

    /// <summary>Ends the redrawn line once the lock is ours (or waiting failed).</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_lineOpen)
            {
                context.Error.WriteLine();
                _lineOpen = false;
            }
        }
    }
}
