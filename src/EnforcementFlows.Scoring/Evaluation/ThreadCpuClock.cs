using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>
/// CPU time of the calling thread. On Linux this is CLOCK_THREAD_CPUTIME_ID, so a benchmark
/// is not flattered or penalised by other processes on a shared machine; elsewhere it falls
/// back to process CPU time.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the signature is blittable and needs no unsafe code.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    public static TimeSpan Now()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
        return Process.GetCurrentProcess().UserProcessorTime;
    }
}
