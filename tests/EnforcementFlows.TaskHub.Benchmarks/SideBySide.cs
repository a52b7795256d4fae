using System.Globalization;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>The run's results per backend, printed together at the end as one table (docs/benchmarks.md copies it).</summary>
internal static class SideBySide
{
    private static readonly List<(string Backend, int Count, List<double> PerSecond, string Latency)> Rows = [];

    public static List<double> Row(string backend, int count)
    {
        var runs = new List<double>();
        Rows.Add((backend, count, runs, ""));
        return runs;
    }

    public static void Latency(string backend, int samples, (double P50, double P99, double Max) latency)
    {
        var i = Rows.FindIndex(r => r.Backend == backend);
        var text = string.Create(CultureInfo.InvariantCulture, $"{latency.P50:F1} / {latency.P99:F1} ms ({samples} samples)");
        if (i >= 0)
        {
            Rows[i] = Rows[i] with { Latency = text };
        }
    }

    public static void Print()
    {
        if (Rows.Count == 0)
        {
            return;
        }
        Console.WriteLine();
        Console.WriteLine("| backend | orchestrations per run | no-op 4-activity orchestrations/s (each run) | event → completed p50 / p99 |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (backend, count, perSecond, latency) in Rows)
        {
            var runs = string.Join(" / ", perSecond.Select(r => r.ToString(r < 100 ? "F1" : "F0", CultureInfo.InvariantCulture)));
            Console.WriteLine($"| {backend} | {count} | {runs} | {latency} |");
        }
    }
}
