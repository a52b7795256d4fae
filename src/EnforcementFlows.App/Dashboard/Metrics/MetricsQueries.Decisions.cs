using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard.Metrics;

public sealed partial class MetricsQueries
{
    /// <summary>Closed cases by closing bucket; who decided comes from the case's approval requests.</summary>
    private static DecisionShares Decisions(IDomainTransaction tx, MetricsWindow w)
    {
        var rows = tx.Query("""
            SELECT (c.closed_at - $p0) / $p2,
                   CASE WHEN EXISTS (SELECT 1 FROM ef_approvals a WHERE a.case_id = c.case_id AND a.used_at IS NOT NULL) THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM ef_approvals a WHERE a.case_id = c.case_id) THEN 1 ELSE 0 END
            FROM ef_cases c WHERE c.closed_at >= $p0 AND c.closed_at < $p1
            """, r => (Bucket: r.GetInt64(0), Decided: r.GetInt32(1) == 1, Requested: r.GetInt32(2) == 1), w.FromMs, w.ToMs, w.BucketMs);
        long[] Count(Func<(long Bucket, bool Decided, bool Requested), bool> kind) => Fold(rows.Where(kind).Select(r => (r.Bucket, 1L)), w.Buckets);
        return new DecisionShares(
            Automatic: Count(r => !r.Requested),
            Human: Count(r => r.Decided),
            DeadlinePassed: Count(r => r.Requested && !r.Decided));
    }

    /// <summary>Human decisions by the bucket they were made in: "approve", or not ("reject", or a dashboard "dismiss").</summary>
    private static ApprovalRates Approvals(IDomainTransaction tx, MetricsWindow w)
    {
        var rows = tx.Query("""
            SELECT decision, (used_at - $p0) / $p2 FROM ef_approvals WHERE used_at >= $p0 AND used_at < $p1 AND decision IS NOT NULL
            """, r => (Decision: r.GetString(0), Bucket: r.GetInt64(1)), w.FromMs, w.ToMs, w.BucketMs);
        return new ApprovalRates(
            Fold(rows.Where(r => r.Decision == "approve").Select(r => (r.Bucket, 1L)), w.Buckets),
            Fold(rows.Where(r => r.Decision != "approve").Select(r => (r.Bucket, 1L)), w.Buckets));
    }
}
