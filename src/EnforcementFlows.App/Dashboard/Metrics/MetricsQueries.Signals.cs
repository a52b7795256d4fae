using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard.Metrics;

public sealed partial class MetricsQueries
{
    private static SignalCounts Signals(IDomainTransaction tx, MetricsWindow w)
    {
        var rows = tx.Query("""
            SELECT t.category, t.bucket, COUNT(*) FROM (
                SELECT category, (received_at - $p0) / $p2 AS bucket FROM ef_signals WHERE received_at >= $p0 AND received_at < $p1
            ) t GROUP BY t.category, t.bucket
            """, r => (Category: r.GetString(0), Bucket: r.GetInt64(1), Count: r.GetInt64(2)), w.FromMs, w.ToMs, w.SignalBucketMs);
        var byCategory = rows.GroupBy(r => r.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Fold(g.Select(r => (r.Bucket, r.Count)), w.SignalBuckets), StringComparer.Ordinal);
        return new SignalCounts(byCategory);
    }

    private static IReadOnlyList<SweepPoint> Sweeps(IDomainTransaction tx, MetricsWindow w)
        => tx.Query("""
            SELECT swept_at, accounts_seen, flags_seen, cases_started FROM ef_sweeps
            WHERE swept_at >= $p0 AND swept_at < $p1 ORDER BY swept_at
            """, r => new SweepPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetInt32(1), r.GetInt32(2),
                System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.GetString(3))?.Count ?? 0), w.FromMs, w.ToMs);
}
