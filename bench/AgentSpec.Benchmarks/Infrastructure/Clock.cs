using System.Diagnostics;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// Monotonic timestamps. On Linux <see cref="Stopwatch"/> reads <c>CLOCK_MONOTONIC</c>, which every process
/// on the machine shares, so a timestamp taken in a child process can be compared with one taken here.
/// </summary>
internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Milliseconds(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;

    public static double Microseconds(long start, long end) => (end - start) * 1_000_000.0 / Stopwatch.Frequency;

    public static double MillisecondsSince(long start) => Milliseconds(start, Now);

    public static double SecondsSince(long start) => Milliseconds(start, Now) / 1000.0;
}
