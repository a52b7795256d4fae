using System.Diagnostics;

namespace EnforcementFlows.Scoring.Evaluation;

/// <summary>Messages per second of a scoring function on one thread.</summary>
public sealed record Throughput(double MedianPerSecond, double BestPerSecond, double CpuPerSecond)
{
    /// <summary>
    /// Warms up for at least two passes and two seconds (tiered JIT and dynamic PGO need
    /// that long to settle on optimised code), then
    /// <paramref name="rounds"/> timed passes. The CPU-time figure divides by this thread's
    /// CPU time, which stays honest when other processes share the machine.
    /// </summary>
    public static Throughput Measure(IReadOnlyList<string> texts, Action<string> score, int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var warmUp = Stopwatch.StartNew();
        for (int pass = 0; pass < 2 || warmUp.Elapsed < TimeSpan.FromSeconds(2); pass++)
            foreach (var text in texts) score(text);
        var perSecond = new List<double>();
        double cpuSeconds = 0;
        for (int round = 0; round < rounds; round++)
        {
            var cpuBefore = ThreadCpuClock.Now();
            var clock = Stopwatch.StartNew();
            foreach (var text in texts) score(text);
            perSecond.Add(texts.Count / clock.Elapsed.TotalSeconds);
            cpuSeconds += (ThreadCpuClock.Now() - cpuBefore).TotalSeconds;
        }
        perSecond.Sort();
        double cpuRate = cpuSeconds > 0 ? texts.Count * (double)rounds / cpuSeconds : double.NaN;
        return new Throughput(perSecond[perSecond.Count / 2], perSecond[^1], cpuRate);
    }
}
