using System.Diagnostics;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>
/// A fresh .NET process compiles its hot methods again, optimised, on the runtime's background tiered-compilation
/// thread. Sampled from /proc once a second, that thread used 20–67% of a core for the service's first ~16 s under
/// load and then nothing, while the whole service fell from about 100% to 57% of a core at the same work. Measured
/// before it settles, a benchmark would count the JIT as the service's cost, so warm-ups run in rounds until a whole
/// round passes with that thread idle.
/// </summary>
internal static class TieredCompilation
{
    /// <summary>Less JIT time than this in a round counts as settled (a round takes one to three seconds).</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The thread's total before a quiet round counts: the runtime holds tier-up back while new methods keep being
    /// compiled (a fresh service's first round can pass with the thread idle), and every run seen used seconds.
    /// </summary>
    private static readonly TimeSpan Started = TimeSpan.FromMilliseconds(500);

    /// <summary>The CPU time the processes' tiered-compilation threads have used; null where /proc does not exist.</summary>
    public static TimeSpan? Used(IEnumerable<int> processIds)
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return null;
        }
        long ticks = 0;
        foreach (var pid in processIds)
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    // comm is cut to 15 characters: ".NET Tiered Com".
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended between listing and reading.
                }
            }
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>
    /// Runs <paramref name="round"/> (given its number, from 0) until a round leaves the JIT idle, or <paramref name="cap"/>
    /// has passed; without /proc, one round. Prints what it did.
    /// </summary>
    public static async Task<int> WarmUpAsync(IReadOnlyList<int> processIds, Func<int, Task> round, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        var start = Used(processIds);
        for (var rounds = 1; ; rounds++)
        {
            var before = Used(processIds);
            await round(rounds - 1);
            var after = Used(processIds);
            var jit = after - before;
            if (jit is null || (jit < Idle && after - start > Started) || clock.Elapsed > cap)
            {
                var state = jit is null ? "JIT not observable here" : clock.Elapsed <= cap ? $"JIT settled after {(after - start)!.Value.TotalSeconds:N1} s of tier-up"
                    : $"JIT still busy ({jit.Value.TotalSeconds:N2} s in the last round) at the cap";
                Console.WriteLine($"    warm-up: {rounds} rounds in {clock.Elapsed.TotalSeconds:N0} s; {state}");
                return rounds;
            }
        }
    }
}
