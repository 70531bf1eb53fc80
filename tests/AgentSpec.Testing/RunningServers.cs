using System.Diagnostics;

namespace AgentSpec.Testing;

/// <summary>
/// The server processes this test process has started and not yet stopped. When the test process exits
/// (normally, or on SIGTERM) every one still running is killed with its whole process tree, so a test that
/// forgot to dispose its server, or a run that was stopped midway, leaves no server behind.
/// </summary>
internal static class RunningServers
{
    private static readonly HashSet<Process> Processes = [];

    static RunningServers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process)
    {
        lock (Processes)
        {
            Processes.Add(process);
        }
    }

    /// <summary>Kills <paramref name="process"/> and everything it started, and forgets it.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been reaped: nothing left to kill.
        }
        finally
        {
            lock (Processes)
            {
                Processes.Remove(process);
            }
        }
    }

    private static void KillAll()
    {
        Process[] running;
        lock (Processes)
        {
            running = [.. Processes];
            Processes.Clear();
        }

        foreach (var process in running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
            catch (InvalidOperationException)
            {
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
    }
}
