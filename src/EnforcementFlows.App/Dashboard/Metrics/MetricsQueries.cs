using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>
/// Computes the metrics page from the enforcement tables, in one read transaction so every chart
/// describes the same moment. SQL is portable between SQLite and PostgreSQL: $pN parameters,
/// Unix-ms integers, bucket numbers by integer division of non-negative offsets; the rest in C#.
/// </summary>
public sealed partial class MetricsQueries(IDomainDatabase store, TimeProvider time)
{
    public Task<MetricsReport> LoadAsync(string? window, CancellationToken ct)
    {
        var w = MetricsWindow.Parse(window, time.GetUtcNow());
        return store.RunInTransactionAsync(tx => new MetricsReport(w, Signals(tx, w), Decisions(tx, w), TimeToAction(tx, w),
            Approvals(tx, w), Reversals(tx, w), Queue(tx, w), Sweeps(tx, w)), ct);
    }

    /// <summary>Counts per bucket: rows of (bucket index, count) folded into an array of the window's length.</summary>
    private static long[] Fold(IEnumerable<(long Bucket, long Count)> rows, int buckets)
    {
        var values = new long[buckets];
        foreach (var (bucket, count) in rows)
        {
            if (bucket >= 0 && bucket < buckets)
            {
                values[bucket] += count;
            }
        }
        return values;
    }
}
