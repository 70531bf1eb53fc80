using System.Runtime.InteropServices;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// CPU time (user + system) of this process's finished child processes, from <c>getrusage(RUSAGE_CHILDREN)</c>.
/// The difference across one child's run is that child's CPU time when no other child ends meanwhile: on a
/// shared machine it shows the work a process did, which its wall time mixes with waiting for a core.
/// </summary>
internal static unsafe partial class ChildCpuTime
{
    private const int RusageChildren = -1;

    /// <summary>Milliseconds of CPU used so far by the children that have ended and been waited for.</summary>
    public static double Milliseconds()
    {
        // struct rusage on 64-bit Linux: ru_utime and ru_stime (timeval: seconds, microseconds), then 14 longs.
        var usage = stackalloc long[18];
        if (GetRusage(RusageChildren, usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return (usage[0] * 1000.0) + (usage[1] / 1000.0) + (usage[2] * 1000.0) + (usage[3] / 1000.0);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, long* usage);
}
