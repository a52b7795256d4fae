using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard.Metrics;

public sealed partial class MetricsQueries
{
    /// <summary>
    /// The review queue over time, derived from data: a case is in the queue from its first approval
    /// request until it closes (a decision closes it within moments). Sampled at each bucket's end.
    /// Requests the dashboard records at the moment of a decision (stage "dashboard") do not start a wait.
    /// </summary>
    private static QueueSeries Queue(IDomainTransaction tx, MetricsWindow w)
    {
        var intervals = tx.Query("""
            SELECT MIN(a.created_at), c.closed_at FROM ef_cases c JOIN ef_approvals a ON a.case_id = c.case_id AND a.stage <> 'dashboard'
            WHERE c.closed_at IS NULL OR c.closed_at >= $p0
            GROUP BY c.case_id, c.closed_at HAVING MIN(a.created_at) < $p1
            """, r => (Start: r.GetInt64(0), End: r.IsDBNull(1) ? long.MaxValue : r.GetInt64(1)), w.FromMs, w.ToMs);
        return QueueOver(intervals, w);
    }

    internal static QueueSeries QueueOver(IReadOnlyCollection<(long Start, long End)> intervals, MetricsWindow w)
    {
        var at = Enumerable.Range(0, w.Buckets).Select(i => Min(w.BucketStart(i + 1), w.Now)).ToList();
        var size = new int[w.Buckets];
        var oldest = new double[w.Buckets];
        for (var i = 0; i < at.Count; i++)
        {
            var t = at[i].ToUnixTimeMilliseconds();
            var waiting = intervals.Where(x => x.Start <= t && t < x.End).ToList();
            size[i] = waiting.Count;
            oldest[i] = waiting.Count == 0 ? 0 : (t - waiting.Min(x => x.Start)) / 1000.0;
        }
        return new QueueSeries(at, size, oldest);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
