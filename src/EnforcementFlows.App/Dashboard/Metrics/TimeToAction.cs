namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>For each case whose first action fell in the window: the time from its first signal to that action.</summary>
public sealed record TimeToAction(IReadOnlyList<TimeSpan> Durations)
{
    /// <summary>Upper bounds of the histogram bins; the last bin is open-ended.</summary>
    public static readonly TimeSpan[] BinEdges =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(24)];

    public static readonly string[] BinLabels = ["< 1m", "1–5m", "5–15m", "15m–1h", "1–4h", "4–24h", "≥ 24h"];

    public long[] Histogram()
    {
        var bins = new long[BinLabels.Length];
        foreach (var d in Durations)
        {
            var i = Array.FindIndex(BinEdges, edge => d < edge);
            bins[i < 0 ? BinEdges.Length : i]++;
        }
        return bins;
    }

    public TimeSpan? Median => Percentile(0.5);

    public TimeSpan? P90 => Percentile(0.9);

    /// <summary>Nearest-rank percentile; null without data.</summary>
    public TimeSpan? Percentile(double p)
    {
        if (Durations.Count == 0)
        {
            return null;
        }
        var sorted = Durations.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
