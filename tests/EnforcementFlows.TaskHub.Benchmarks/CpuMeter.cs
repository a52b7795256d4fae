using System.Diagnostics;
using System.Globalization;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>
/// CPU time spent by this process and (for a private cluster) the PostgreSQL server's processes, from /proc.
/// The machine is shared, so throughput alone mostly measures the neighbours; CPU seconds per orchestration
/// say what a run costs whatever the load, and 2 cores / that cost bounds the rate on an idle machine.
/// </summary>
internal sealed class CpuMeter(string? postgresDataDirectory)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU time of this process and of the server's processes so far.</summary>
    public (TimeSpan Worker, TimeSpan Server) Now()
    {
        var server = TimeSpan.Zero;
        foreach (var pid in ServerProcesses())
        {
            server += ProcessCpu(pid);
        }
        return (Process.GetCurrentProcess().TotalProcessorTime, server);
    }

    /// <summary>CPU time so far of this process's direct children (the Azurite node process in the Azurite run).</summary>
    public static TimeSpan ChildrenCpu()
    {
        var self = Environment.ProcessId;
        var total = TimeSpan.Zero;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Parent(pid) == self)
            {
                total += ProcessCpu(pid);
            }
        }
        return total;
    }

    private IEnumerable<int> ServerProcesses()
    {
        if (postgresDataDirectory is null || !File.Exists(Path.Combine(postgresDataDirectory, "postmaster.pid")))
        {
            yield break;
        }
        var postmaster = int.Parse(File.ReadLines(Path.Combine(postgresDataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        yield return postmaster;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmaster && Parent(pid) == postmaster)
            {
                yield return pid;
            }
        }
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces) in parentheses.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int Parent(int pid) => Stat(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    // utime and stime of the process and of its waited-for children (fields 14-17 of stat; index 11-14 here).
    private static TimeSpan ProcessCpu(int pid) => Stat(pid) is { } f
        ? TimeSpan.FromSeconds(f.Skip(11).Take(4).Sum(v => long.Parse(v, CultureInfo.InvariantCulture)) / TicksPerSecond)
        : TimeSpan.Zero;
}
