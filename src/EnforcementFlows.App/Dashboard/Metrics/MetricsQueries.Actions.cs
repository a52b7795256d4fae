using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard.Metrics;

public sealed partial class MetricsQueries
{
    /// <summary>Per case: its first action (interim restrictions count: they are when the account was first affected).</summary>
    private static TimeToAction TimeToAction(IDomainTransaction tx, MetricsWindow w)
        => new(tx.Query("""
            SELECT f.first_action, MIN(s.received_at) FROM (
                SELECT case_id, MIN(applied_at) AS first_action FROM ef_actions GROUP BY case_id
            ) f JOIN ef_signals s ON s.case_id = f.case_id
            WHERE f.first_action >= $p0 AND f.first_action < $p1
            GROUP BY f.case_id, f.first_action
            """, r => TimeSpan.FromMilliseconds(Math.Max(0, r.GetInt64(0) - r.GetInt64(1))), w.FromMs, w.ToMs));

    /// <summary>
    /// Actions by the bucket they were applied in; reversed: lifted before their term. An action followed by a
    /// later one in the same case (the interim restriction the decided action replaced) is left out of both counts.
    /// </summary>
    private static ReversalRates Reversals(IDomainTransaction tx, MetricsWindow w)
    {
        var rows = tx.Query("""
            SELECT (a.applied_at - $p0) / $p2,
                   CASE WHEN a.lifted_at IS NOT NULL AND (a.expires_at IS NULL OR a.lifted_at < a.expires_at) THEN 1 ELSE 0 END
            FROM ef_actions a
            WHERE a.applied_at >= $p0 AND a.applied_at < $p1
              AND NOT EXISTS (SELECT 1 FROM ef_actions b WHERE b.case_id = a.case_id AND b.action_id <> a.action_id AND b.applied_at >= a.applied_at)
            """, r => (Bucket: r.GetInt64(0), Reversed: r.GetInt32(1) == 1), w.FromMs, w.ToMs, w.BucketMs);
        return new ReversalRates(
            Fold(rows.Select(r => (r.Bucket, 1L)), w.Buckets),
            Fold(rows.Where(r => r.Reversed).Select(r => (r.Bucket, 1L)), w.Buckets));
    }
}
