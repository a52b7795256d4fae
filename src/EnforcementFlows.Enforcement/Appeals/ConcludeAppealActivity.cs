using System.Text.Json.Nodes;

using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Gateway;
using EnforcementFlows.Enforcement.Notices;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Webhooks;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Enforcement.Appeals;

/// <summary>
/// Records the appeal's outcome once. On overturn it first reverses the action through the enforcement gateway (a <c>lift</c> with its
/// own idempotency key, derived from this call, so the platform tells it apart from the original action), then in one transaction:
/// the action marked lifted, the appeal decided, its remaining review links superseded, the audit records, and the notices to the
/// account and to the case's reporters. A redelivery after the commit answers from the recorded appeal without calling again.
/// </summary>
internal sealed class ConcludeAppealActivity(IDomainDatabase store, TimeProvider time, IEnforcementGateway gateway) : EnforcementActivity<AppealConclusion, AppealResult>
{
    public override async Task<AppealResult> RunAsync(ActivityCallContext context, AppealConclusion input)
    {
        var appeal = (await store.QueryCommittedAsync("""
            SELECT p.status, p.reversal_key, p.action_id, p.case_id, p.account_id, p.statement_id, a.kind, a.lifted_at, a.reason
            FROM ef_appeals p JOIN ef_actions a ON a.action_id = p.action_id WHERE p.appeal_id = $p0
            """, r => new Row(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
                !r.IsDBNull(7)), context.CancellationToken, input.AppealId)).Single();
        if (appeal.Status != "awaiting_review")
        {
            return new AppealResult(input.AppealId, appeal.Status, appeal.ReversalKey);
        }
        var key = IdempotencyKey.Derive(context.InstanceId, context.ExecutionId, "reverse");
        var reverses = input.Overturn && appeal.Kind is "restrict" or "suspend" or "ban" && !appeal.Lifted;
        if (reverses)
        {
            await gateway.DeliverAsync(new EnforcementWebhookPayload
            {
                AccountId = appeal.Account,
                Action = ActionKind.Lift.ToWireName(),
                CaseId = appeal.Case,
                Reason = $"appeal {input.AppealId} overturned the {appeal.Kind} ({appeal.ActionId}): {input.Reason}",
                PolicyHash = "",
                IdempotencyKey = key,
                Reverses = appeal.ActionId,
                AppealId = input.AppealId,
            }, context.CancellationToken);
        }
        return await store.RunInTransactionAsync(tx => Record(tx, input, appeal, reverses ? key : null), context.CancellationToken);
    }

    private sealed record Row(string Status, string? ReversalKey, string ActionId, string Case, string Account, string Statement, string Kind, bool Lifted);

    private AppealResult Record(IDomainTransaction tx, AppealConclusion input, Row appeal, string? reversalKey)
    {
        var now = time.GetUtcNow();
        var status = input.Overturn ? "overturned" : "upheld";
        if (tx.Execute("""
            UPDATE ef_appeals SET status = $p1, decided_at = $p2, decided_by = $p3, reason = $p4, timed_out = $p5, reversal_key = $p6
            WHERE appeal_id = $p0 AND status = 'awaiting_review'
            """, input.AppealId, status, now.ToUnixTimeMilliseconds(), input.DecidedBy, input.Reason, input.TimedOut ? 1 : 0, reversalKey) == 0)
        {
            var recorded = tx.Query("SELECT status, reversal_key FROM ef_appeals WHERE appeal_id = $p0", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)), input.AppealId).Single();
            return new AppealResult(input.AppealId, recorded.Item1, recorded.Item2);
        }
        tx.Defer("UPDATE ef_approvals SET superseded_at = $p1 WHERE case_id = $p0 AND used_at IS NULL AND superseded_at IS NULL", input.AppealId, now.ToUnixTimeMilliseconds());
        var actor = input.DecidedBy is { } who ? "reviewer:" + who : "system:appeal-timeout";
        if (input.TimedOut)
        {
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.AppealExpired, "system:timeout", AuditEntries.Data(new JsonObject
            {
                ["appealId"] = input.AppealId,
                ["outcome"] = input.Overturn ? AppealOutcomes.Overturn : AppealOutcomes.Uphold,
            }), appeal.Case, appeal.Account));
        }
        if (input.Overturn && !appeal.Lifted)
        {
            tx.Defer("UPDATE ef_actions SET lifted_at = $p1 WHERE action_id = $p0 AND lifted_at IS NULL", appeal.ActionId, now.ToUnixTimeMilliseconds());
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ActionLifted, actor, AuditEntries.Data(new JsonObject
            {
                ["actionId"] = appeal.ActionId,
                ["action"] = appeal.Kind,
                ["reason"] = "appeal overturned",
                ["appealId"] = input.AppealId,
                ["idempotencyKey"] = reversalKey,
            }), appeal.Case, appeal.Account));
        }
        AuditLedger.Append(tx, new AuditEntry(now, AuditKind.AppealDecided, actor, AuditEntries.Data(new JsonObject
        {
            ["appealId"] = input.AppealId,
            ["statementId"] = appeal.Statement,
            ["decision"] = status,
            ["humanDecision"] = !input.TimedOut,
            ["reason"] = input.Reason,
        }), appeal.Case, appeal.Account));
        QueueNotices(tx, input, appeal, status, now);
        return new AppealResult(input.AppealId, status, reversalKey);
    }

    /// <summary>The account (Art. 20(4)) and the case's reporters hear the appeal's outcome; a timeout says no human decided.</summary>
    private static void QueueNotices(IDomainTransaction tx, AppealConclusion input, Row appeal, string status, DateTimeOffset now)
    {
        var note = input.TimedOut
            ? $"No reviewer decided within the policy's deadline, so the policy's timeout outcome applies ({(input.Overturn ? "overturn" : "uphold")}); this was not a human decision."
            : null;
        OutcomeNotice Notice(string kind, string recipient, IReadOnlyList<string>? reports) => new()
        {
            NoticeId = OutcomeNotice.IdFor("appeal", input.AppealId, kind, recipient),
            RecipientKind = kind,
            RecipientId = recipient,
            CaseId = appeal.Case,
            Concerning = "appeal",
            Decision = status,
            Action = appeal.Kind,
            StatementId = appeal.Statement,
            Reports = reports,
            Note = note,
            DecidedAt = now,
        };
        ReporterNotices.Queue(tx, Notice("account", appeal.Account, null), now);
        var reports = tx.Query("SELECT reporter_id, signal_id FROM ef_signals WHERE case_id = $p0 AND kind = 'report' AND reporter_id IS NOT NULL ORDER BY signal_id",
            r => (Reporter: r.GetString(0), Report: r.GetString(1)), appeal.Case);
        foreach (var reporter in reports.GroupBy(r => r.Reporter, StringComparer.Ordinal))
        {
            ReporterNotices.Queue(tx, Notice("reporter", reporter.Key, [.. reporter.Select(r => r.Report)]), now);
        }
    }
}
