using EnforcementFlows.App.Dashboard.Charts;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>Turns a <see cref="MetricsReport"/> into the charts of the metrics page (times in UTC).</summary>
public static class MetricsCharts
{
    public static ChartData Signals(MetricsReport r)
    {
        var per = r.Window.SignalBucket >= TimeSpan.FromDays(1) ? "day" : "hour";
        return new ChartData("signals", $"Signals per {per} by category",
            $"Reports and detector flags received per {per}, one line per category, {r.Signals.Total} in total.", $"{per} starting (UTC)", $"signals per {per}",
            r.Window.SignalLabels(), r.Signals.ByCategory.Select(c => Series(c.Key, c.Value)).ToList());
    }

    public static ChartData Decisions(MetricsReport r)
        => new("decisions", "Closed cases by who decided",
            $"Cases closed per {Unit(r)}: by policy alone (automatic), by a human approver, or by the policy's timeout outcome after the approval deadline passed.",
            $"{Unit(r)} starting (UTC)", "cases closed", r.Window.Labels(),
            [Series("automatic", r.Decisions.Automatic), Series("human", r.Decisions.Human), Series("deadline passed", r.Decisions.DeadlinePassed)],
            ChartKind.StackedBars);

    public static ChartData TimeToActionChart(MetricsReport r)
        => new("time-to-action", "Time from first signal to action",
            "How many cases took each amount of time from their first signal to their first enforcement action.",
            "time from first signal to action", "cases", TimeToAction.BinLabels, [Series("cases", r.TimeToAction.Histogram())], ChartKind.Bars);

    public static ChartData Rates(MetricsReport r)
    {
        var n = r.Window.Buckets;
        return new ChartData("rates", "Approval and reversal rates",
            $"Per {Unit(r)}: share of human decisions that approved the proposed action (the rest rejected or dismissed it), and share of applied actions later lifted before their term. Gaps: nothing to rate.",
            $"{Unit(r)} starting (UTC)", "rate", r.Window.Labels(),
            [new ChartSeries("approval rate", Enumerable.Range(0, n).Select(r.Approvals.RateAt).ToList()),
             new ChartSeries("reversal rate", Enumerable.Range(0, n).Select(r.Reversals.RateAt).ToList())])
        { YMax = 1, FormatValue = ValueFormats.Percent };
    }

    public static ChartData QueueSize(MetricsReport r)
        => new("queue-size", "Review queue size",
            $"Cases waiting for a human decision at the end of each {Unit(r)} (the last point is now).",
            $"{Unit(r)} starting (UTC)", "cases waiting", r.Window.Labels(), [Series("cases waiting", r.Queue.Size.Select(v => (long)v))]);

    public static ChartData QueueOldest(MetricsReport r)
        => new("queue-oldest", "Oldest item in the review queue",
            $"How long the longest-waiting case had been waiting for a human decision at the end of each {Unit(r)}.",
            $"{Unit(r)} starting (UTC)", "waiting for", r.Window.Labels(), [new ChartSeries("oldest wait", r.Queue.OldestSeconds)])
        { FormatValue = ValueFormats.Duration };

    public static ChartData Sweeps(MetricsReport r)
    {
        var runs = new long[r.Window.Buckets];
        var flags = new long[r.Window.Buckets];
        var started = new long[r.Window.Buckets];
        foreach (var s in r.Sweeps)
        {
            var i = r.Window.IndexOf(s.SweptAt.ToUnixTimeMilliseconds());
            if (i >= 0)
            {
                (runs[i], flags[i], started[i]) = (runs[i] + 1, flags[i] + s.FlagsSeen, started[i] + s.CasesStarted);
            }
        }
        return new ChartData("sweeps", "Sweep results",
            $"Per {Unit(r)}: sweeps run, held detector flags they looked at, and cases they started.",
            $"{Unit(r)} starting (UTC)", "count", r.Window.Labels(),
            [Series("sweeps run", runs), Series("flags seen", flags), Series("cases started", started)], ChartKind.Bars);
    }

    private static string Unit(MetricsReport r) => r.Window.Bucket >= TimeSpan.FromDays(1) ? "day" : "hour";

    private static ChartSeries Series(string name, IEnumerable<long> values) => new(name, values.Select(v => (double)v).ToList());
}
