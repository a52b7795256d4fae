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
    /// <summary>A round in which the JIT used less than this share of one core counts as settled.</summary>
    private const double IdleShare = 0.02;

    /// <summary>
    /// The thread's total before a quiet round counts: the runtime holds tier-up back while new methods keep being
    /// compiled (a fresh service's first round can pass with the thread idle), and every run seen used seconds.
    /// </summary>
    private static readonly TimeSpan Started = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The CPU time the processes' tiered-compilation threads have used so far, sampled every 100 ms: the runtime ends
    /// the thread when it has been idle a while and starts a new one later, and an ended thread's time is gone from
    /// /proc, so each thread's last reading is kept. Null where /proc does not exist.
    /// </summary>
    private sealed class Monitor : IAsyncDisposable
    {
        private readonly IReadOnlyList<int> _processIds;
        private readonly Dictionary<string, long> _lastTicks = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;

        public Monitor(IReadOnlyList<int> processIds)
        {
            _processIds = processIds;
            Sample();
            _sampling = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                    lock (_lastTicks)
                    {
                        Sample();
                    }
                }
            });
        }

        public TimeSpan Used
        {
            get
            {
                lock (_lastTicks)
                {
                    Sample();
                    return TimeSpan.FromSeconds(_lastTicks.Values.Sum() / 100.0);
                }
            }
        }

        private void Sample()
        {
            foreach (var pid in _processIds)
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
                        _lastTicks[task] = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    catch (IOException)
                    {
                        // The thread ended between listing and reading.
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="round"/> (given its number, from 0) until a round leaves the JIT idle, or <paramref name="cap"/>
    /// has passed; without /proc, one round. Prints what it did.
    /// </summary>
    public static async Task<int> WarmUpAsync(IReadOnlyList<int> processIds, Func<int, Task> round, TimeSpan cap)
    {
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists("/proc/self/task"))
        {
            await round(0);
            Console.WriteLine("    warm-up: 1 round; JIT not observable here");
            return 1;
        }
        await using var monitor = new Monitor(processIds);
        for (var rounds = 1; ; rounds++)
        {
            var before = monitor.Used;
            var roundClock = Stopwatch.StartNew();
            await round(rounds - 1);
            var total = monitor.Used;
            var jit = total - before;
            var settled = jit < roundClock.Elapsed * IdleShare && total > Started;
            if (settled || clock.Elapsed > cap)
            {
                Console.WriteLine(settled
                    ? $"    warm-up: {rounds} rounds in {clock.Elapsed.TotalSeconds:N0} s; JIT settled after {total.TotalSeconds:N1} s of tier-up"
                    : $"    warm-up: {rounds} rounds in {clock.Elapsed.TotalSeconds:N0} s; JIT still busy ({jit.TotalSeconds:N2} s in the last round, {total.TotalSeconds:N1} s in all) at the cap");
                return rounds;
            }
        }
    }
}
