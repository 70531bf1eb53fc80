namespace AgentSpec.Cli.Commands;

/// <summary>
/// The "Only 'yes' will be accepted" question of apply, destroy and state recover. The answer comes from
/// stdin whether or not it is a terminal (<c>echo yes | agentspec apply</c>); anything but exactly
/// <c>yes</c>, end of input, SIGINT or SIGTERM means no (docs/cli.md, "Confirmation").
/// </summary>
public static class Confirmation
{
    public static async Task<bool> AskAsync(CliContext context, CommandSettings settings, string prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        context.Out.Write(settings.Ansi.Bold(prompt));
        context.Out.Flush();
        string? answer;
        try
        {
            // Console.In reads synchronously, even through ReadLineAsync, and ignores the token: read on the
            // thread pool so that a signal ends the wait (the abandoned read ends with the process).
            answer = await Task.Run(() => context.In.ReadLine(), CancellationToken.None).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            answer = null;
        }

        context.Out.WriteLine();
        return string.Equals(answer?.Trim(), "yes", StringComparison.Ordinal);
    }
}
