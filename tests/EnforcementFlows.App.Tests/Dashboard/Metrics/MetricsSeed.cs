using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Tests.Dashboard.Metrics;

/// <summary>
/// A day of enforcement records written straight into the real tables, around a fixed "now"
/// (2020-01-10 12:30 UTC, long before anything the running app writes itself).
/// </summary>
internal static class MetricsSeed
{
    public static readonly DateTimeOffset Now = new(2020, 1, 10, 12, 30, 0, TimeSpan.Zero);

    public static long At(int hour, int minute, int second = 0) => new DateTimeOffset(2020, 1, 10, hour, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static Task WriteAsync(IDomainDatabase store) => store.RunInTransactionAsync(tx =>
    {
        // Signals: spam 08:59:30 (c6), 10:05 (c1), 10:40 (c3), 11:10 (c4), 12:29 (no case yet); harassment 10:20 (c2);
        // and one spam flag the day before the window starts.
        Signal(tx, "s6", "spam", "c6", At(8, 59, 30));
        Signal(tx, "s1", "spam", "c1", At(10, 5));
        Signal(tx, "s3", "spam", "c3", At(10, 40));
        Signal(tx, "s4", "spam", "c4", At(11, 10));
        Signal(tx, "s9", "spam", null, At(12, 29));
        Signal(tx, "s2", "harassment", "c2", At(10, 20));
        Signal(tx, "s0", "spam", null, new DateTimeOffset(2020, 1, 9, 12, 59, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());

        Case(tx, "c6", "enforced", At(9, 0), At(9, 2));      // automatic warning
        Case(tx, "c1", "dismissed", At(10, 6), At(10, 7));   // automatic dismissal
        Case(tx, "c2", "enforced", At(10, 21), At(10, 51));  // a human approved
        Case(tx, "c3", "expired", At(10, 41), At(11, 45));   // nobody decided before the deadline
        Case(tx, "c4", "rejected", At(11, 11), At(12, 1));   // a human rejected
        Case(tx, "c5", "awaiting_approval", At(11, 30), null); // still waiting
        Case(tx, "c7", "dismissed", At(12, 10), At(12, 21)); // a reviewer dismissed it on the dashboard
        Case(tx, "c8", "awaiting_approval", At(12, 15), null);   // one of two approvals, given on the dashboard with no email request

        Approval(tx, "c2", At(10, 22), At(10, 50), "approve");
        Approval(tx, "c3", At(10, 42), null, null);
        Approval(tx, "c4", At(11, 12), At(12, 0), "reject");
        Approval(tx, "c5", At(11, 31), null, null);
        Approval(tx, "c7", At(12, 11), null, null);
        Approval(tx, "c7", At(12, 20), At(12, 20), "dismiss", stage: "dashboard");
        Approval(tx, "c8", At(12, 25), At(12, 25), "approve", stage: "dashboard");

        Action(tx, "a6", "c6", "warn", At(9, 1), null, null);
        Action(tx, "a2i", "c2", "restrict", At(10, 22), null, At(10, 51)); // interim, replaced by a2: neither applied nor reversed
        Action(tx, "a2", "c2", "suspend", At(10, 51), At(10, 51) + 7 * 86_400_000L, null);
        Action(tx, "a4i", "c4", "restrict", At(11, 40), null, At(12, 1)); // interim, lifted on rejection: reversed

        tx.Execute("INSERT INTO ef_sweeps (sweep_id, swept_at, accounts_seen, flags_seen, cases_started) VALUES ($p0, $p1, $p2, $p3, $p4)",
            "sw1", At(12, 5), 3, 5, "[\"c7\",\"c8\"]");
        tx.Execute("INSERT INTO ef_sweeps (sweep_id, swept_at, accounts_seen, flags_seen, cases_started) VALUES ($p0, $p1, $p2, $p3, $p4)",
            "sw0", At(12, 5) - 2 * 86_400_000L, 1, 1, "[]");
        return 0;
    }, CancellationToken.None);

    private static void Signal(IDomainTransaction tx, string id, string category, string? caseId, long at)
        => tx.Execute("""
            INSERT INTO ef_signals (kind, signal_id, account_id, category, payload, instance_id, case_id, received_at)
            VALUES ('report', $p0, 'acct-metrics', $p1, '{}', 'case:acct-metrics', $p2, $p3)
            """, "m-" + id, category, caseId is null ? null : "m-" + caseId, at);

    private static void Case(IDomainTransaction tx, string id, string status, long opened, long? closed)
        => tx.Execute("""
            INSERT INTO ef_cases (case_id, account_id, instance_id, status, opened_at, updated_at, closed_at)
            VALUES ($p0, 'acct-metrics', 'case:acct-metrics', $p1, $p2, $p2, $p3)
            """, "m-" + id, status, opened, closed);

    private static void Approval(IDomainTransaction tx, string caseId, long created, long? used, string? decision, string stage = "primary")
        => tx.Execute("""
            INSERT INTO ef_approvals (request_id, case_id, account_id, instance_id, approver, stage, token_sha256, proposal, created_at, expires_at, used_at, decision)
            VALUES ($p0, $p1, 'acct-metrics', 'case:acct-metrics', 'ana@example.test', $p7, $p2, '{}', $p3, $p4, $p5, $p6)
            """, $"req-m-{caseId}-{stage}", "m-" + caseId, $"hash-m-{caseId}-{stage}", created, created + 86_400_000L, used, decision, stage);

    private static void Action(IDomainTransaction tx, string id, string caseId, string kind, long applied, long? expires, long? lifted)
        => tx.Execute("""
            INSERT INTO ef_actions (action_id, idempotency_key, account_id, case_id, kind, applied_at, expires_at, lifted_at)
            VALUES ($p0, $p1, 'acct-metrics', $p2, $p3, $p4, $p5, $p6)
            """, "m-" + id, "key-m-" + id, "m-" + caseId, kind, applied, expires, lifted);
}
