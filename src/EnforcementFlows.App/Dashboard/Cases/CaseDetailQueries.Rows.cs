using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard;

public sealed partial class CaseDetailQueries
{
    private static IReadOnlyList<Evidence> Evidence(IDomainTransaction tx, string caseId) => tx.Query(
        "SELECT kind, signal_id, category, reporter_id, payload, received_at FROM ef_signals WHERE case_id = $p0 ORDER BY received_at, signal_id",
        r => new Evidence(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), EvidenceText(r.GetString(4)), Ms(r.GetInt64(5))),
        caseId);

    private static IReadOnlyList<ApprovalRequestView> Approvals(IDomainTransaction tx, string caseId) => tx.Query("""
        SELECT request_id, approver, stage, created_at, expires_at, sent_at, used_at, decision, comment, superseded_at
        FROM ef_approvals WHERE case_id = $p0 ORDER BY created_at, approver
        """, r => new ApprovalRequestView(r.GetString(0), r.GetString(1), r.GetString(2), Ms(r.GetInt64(3)), Ms(r.GetInt64(4)), OptionalMs(r, 5), OptionalMs(r, 6),
            r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), OptionalMs(r, 9)), caseId);

    private static IReadOnlyList<ActionView> Actions(IDomainTransaction tx, string caseId) => tx.Query("""
        SELECT action_id, case_id, kind, duration_seconds, reason, applied_at, expires_at, lifted_at FROM ef_actions WHERE case_id = $p0 ORDER BY applied_at
        """, r => new ActionView(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4),
            Ms(r.GetInt64(5)), OptionalMs(r, 6), OptionalMs(r, 7), Active: false), caseId);

    /// <summary>The report text or the detector's evidence, raw (the page encodes it).</summary>
    internal static string EvidenceText(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        return root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? ""
            : root.TryGetProperty("evidence", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() ?? ""
            : "";
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptionalMs(IRowReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Ms(r.GetInt64(ordinal));
}
