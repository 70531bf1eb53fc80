using System.Globalization;
using System.Runtime.InteropServices;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>
/// DCP (the orchestrator) daemonizes: its API server and controllers leave the test process's tree and exit
/// only after the process they monitor (this one) has exited, so they would outlive <c>dotnet test</c> by a
/// moment as orphans. The test process therefore makes itself a child subreaper before DCP starts, so the
/// daemons stay its descendants, and after the app is disposed it asks them to stop and reaps them: when
/// the test run ends, nothing it started is left.
/// </summary>
internal static partial class OrchestratorProcesses
{
    private const int PrSetChildSubreaper = 36;
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const int WNoHang = 1;

    /// <summary>Orphaned descendants are re-parented to this process instead of PID 1 (Linux only).</summary>
    public static void AdoptOrphans()
    {
        if (!OperatingSystem.IsLinux() || SetChildSubreaper(PrSetChildSubreaper, 1, 0, 0, 0) != 0)
        {
            throw new InvalidOperationException(
                $"prctl(PR_SET_CHILD_SUBREAPER) failed (errno {Marshal.GetLastPInvokeError()}); the integration tests run on Linux.");
        }
    }

    /// <summary>Stops (SIGTERM, then SIGKILL after <paramref name="patience"/>) and reaps every DCP process below this one.</summary>
    public static async Task StopAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var signalled = new HashSet<int>();
        var signal = SigTerm;
        while (true)
        {
            var remaining = Descendants(Environment.ProcessId).Where(pid => Command(pid) == "dcp").ToList();
            foreach (var pid in remaining)
            {
                // A zombie child of ours is reaped here; one of another process is reaped by that process.
                _ = WaitPid(pid, out _, WNoHang);
            }

            remaining = remaining.Where(pid => Command(pid) == "dcp" && State(pid) != 'Z').ToList();
            if (remaining.Count == 0 && !Descendants(Environment.ProcessId).Any(pid => Command(pid) == "dcp"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline && signal == SigTerm)
            {
                signal = SigKill;
                signalled.Clear();
            }

            foreach (var pid in remaining.Where(signalled.Add))
            {
                _ = Kill(pid, signal);
            }

            await Task.Delay(100);
            if (DateTime.UtcNow > deadline + patience)
            {
                throw new TimeoutException($"DCP processes {string.Join(", ", remaining)} did not exit after SIGKILL.");
            }
        }
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat.ParentId;
            }
        }

        foreach (var (pid, _) in parents)
        {
            for (var ancestor = parents.GetValueOrDefault(pid); ancestor > 1; ancestor = parents.GetValueOrDefault(ancestor))
            {
                if (ancestor == root)
                {
                    yield return pid;
                    break;
                }
            }
        }
    }

    private static string? Command(int pid) => Stat(pid)?.Command;

    private static char State(int pid) => Stat(pid)?.State ?? 'X';

    /// <summary><c>/proc/PID/stat</c>: "pid (comm) state ppid …"; comm may hold spaces and parentheses.</summary>
    private static (string Command, char State, int ParentId)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');
            return (text[(open + 1)..close], fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int SetChildSubreaper(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);
}
