namespace EnforcementFlows.Benchmarks.Service;

/// <summary>
/// CPU time the whole machine spent busy (the services, the database, this harness), from /proc/stat. On this VM the
/// wall-clock rate of one build varies by ±15% from run to run, while the CPU spent per case varies much less, so
/// it is the number to compare changes by. Null where /proc/stat does not exist.
/// </summary>
internal static class MachineCpu
{
    /// <summary>Kernel clock ticks per second (USER_HZ), 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public static double? BusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return busy / TicksPerSecond;
    }

    /// <summary>"1.23 ms of CPU per case" between two readings, or an empty string without /proc/stat.</summary>
    public static string PerItem(double? before, double? after, int items, string item)
        => before is { } b && after is { } a ? $"; {(a - b) * 1000 / items:N2} ms of machine CPU per {item}" : "";
}
