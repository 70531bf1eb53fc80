using System.Diagnostics;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>Waiting for a child process that must finish on its own: a hung child never hangs the benchmark.</summary>
internal static class ChildExit
{
    /// <summary>
    /// Waits until <paramref name="process"/> exits; after <paramref name="timeout"/> its whole process tree is
    /// killed and a <see cref="TimeoutException"/> says which child (<paramref name="description"/>) hung.
    /// </summary>
    public static async Task WaitAsync(Process process, TimeSpan timeout, string description, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{description} did not finish within {timeout.TotalMinutes} minutes.");
        }
    }
}
