using System.Text;
using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Notices;

/// <summary>
/// Queues one outcome notice per reporter of each case a transaction closes, just before COMMIT (the case's reports are joined to it
/// by then, also when the same transaction opened the case). The notice id is derived from the case and the reporter, so closing
/// twice (a redelivery) queues nothing new.
/// </summary>
internal sealed class ReporterNotices : ICommitParticipant
{
    private readonly List<(string CaseId, string Status, DateTimeOffset At)> _closed = [];

    public static void CaseClosed(IDomainTransaction tx, string caseId, string status, DateTimeOffset at) => tx.Participant<ReporterNotices>()._closed.Add((caseId, status, at));

    public int Mark => _closed.Count;

    public void RollbackTo(int mark) => _closed.RemoveRange(mark, _closed.Count - mark);

    public void BeforeCommit(IDomainTransaction tx)
    {
        foreach (var (caseId, status, at) in _closed)
        {
            var reports = tx.Query("SELECT reporter_id, signal_id FROM ef_signals WHERE case_id = $p0 AND kind = 'report' AND reporter_id IS NOT NULL ORDER BY signal_id",
                r => (Reporter: r.GetString(0), Report: r.GetString(1)), caseId);
            if (reports.Count == 0)
            {
                continue;
            }
            var action = status == "enforced"
                ? tx.Query("SELECT s.statement_id, a.kind FROM ef_statements s JOIN ef_actions a ON a.action_id = s.action_id WHERE s.case_id = $p0 ORDER BY s.issued_at DESC LIMIT 1",
                    r => (Statement: r.GetString(0), Kind: r.GetString(1)), caseId).FirstOrDefault()
                : default;
            foreach (var reporter in reports.GroupBy(r => r.Reporter, StringComparer.Ordinal))
            {
                var notice = new OutcomeNotice
                {
                    NoticeId = OutcomeNotice.IdFor("case", caseId, "reporter", reporter.Key),
                    RecipientKind = "reporter",
                    RecipientId = reporter.Key,
                    CaseId = caseId,
                    Concerning = "case",
                    Decision = status == "enforced" ? "action_taken" : "no_action",
                    Action = action.Kind,
                    StatementId = action.Statement,
                    Reports = [.. reporter.Select(r => r.Report)],
                    Note = status == "expired" ? "No reviewer decided in time; the policy's timeout outcome (no action) applied." : null,
                    DecidedAt = at,
                };
                Queue(tx, notice, at);
            }
        }
    }

    /// <summary>Queues a notice for delivery (once per notice id).</summary>
    public static void Queue(IDomainTransaction tx, OutcomeNotice notice, DateTimeOffset at)
        => tx.Defer("""
            INSERT INTO ef_notices (notice_id, case_id, recipient_kind, recipient_id, body, created_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)
            ON CONFLICT DO NOTHING
            """, notice.NoticeId, notice.CaseId, notice.RecipientKind, notice.RecipientId, Encoding.UTF8.GetString(notice.ToUtf8Json()), at.ToUnixTimeMilliseconds());
}
