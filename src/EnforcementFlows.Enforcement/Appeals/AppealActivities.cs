using System.Text.Json;
using System.Text.Json.Nodes;

using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Enforcement.Appeals;

/// <summary>Names of the appeal's activities.</summary>
public static class AppealActivities
{
    public const string Open = "OpenAppeal";
    public const string RequestReview = "RequestAppealReview";
    public const string Conclude = "ConcludeAppeal";
}

/// <summary>
/// Chooses the appeal's reviewers: the policy's approvers for the case's category, without anyone who decided anything in the original
/// case (approved, rejected, or approved on the dashboard or through the API), so the complaint is not judged by its own decider (Art. 20(6)).
/// </summary>
internal sealed class OpenAppealActivity(IDomainDatabase store, PolicyEngine policy) : EnforcementActivity<AppealInput, AppealSettings>
{
    public override Task<AppealSettings> RunAsync(ActivityCallContext context, AppealInput input)
        => store.RunInTransactionAsync(tx =>
        {
            var row = tx.Query("""
                SELECT p.category, s.decided_by, a.kind FROM ef_appeals p JOIN ef_statements s ON s.statement_id = p.statement_id
                JOIN ef_actions a ON a.action_id = p.action_id WHERE p.appeal_id = $p0
                """, r => (Category: r.GetString(0), DecidedBy: r.GetString(1), Action: r.GetString(2)), input.AppealId).Single();
            var excluded = new HashSet<string>(JsonSerializer.Deserialize<List<string>>(row.DecidedBy) ?? [], StringComparer.OrdinalIgnoreCase);
            foreach (var approver in tx.Query("SELECT approver FROM ef_approvals WHERE case_id = $p0 AND used_at IS NOT NULL", r => r.GetString(0), input.CaseId))
            {
                excluded.Add(approver);
            }
            // Decisions through the API are recorded as "api:{name}", on the dashboard by name.
            foreach (var name in excluded.ToList().Where(n => n.StartsWith("api:", StringComparison.Ordinal)))
            {
                excluded.Add(name["api:".Length..]);
            }
            var category = SignalCategoryNames.TryParse(row.Category, out var c) ? c.Value : SignalCategory.Other;
            var rules = policy.Policy.Categories[category];
            return new AppealSettings(
                [.. rules.Approvers.Primary.Where(a => !excluded.Contains(a))],
                [.. rules.Approvers.Secondary.Where(a => !excluded.Contains(a))],
                rules.Deadlines.ReminderAfter, rules.Deadlines.EscalateAfter, rules.Deadlines.TimeoutAfter,
                policy.Policy.Statements.AppealTimeoutOutcome, row.Category, row.Action);
        }, context.CancellationToken);
}

/// <summary>
/// Emails the appeal's reviewers the same scanner-safe links as case approvals (one per reviewer and stage, token stored as a hash;
/// <c>ef_approvals.case_id</c> is the appeal id). Approve = overturn the action; reject = uphold it.
/// </summary>
internal sealed class IssueAppealReviewActivity(IDomainDatabase store, TimeProvider time, IApprovalNotifier notifier, IOptions<ApprovalLinkOptions> links)
    : EnforcementActivity<ApprovalStageInput, int>
{
    public override async Task<int> RunAsync(ActivityCallContext context, ApprovalStageInput input)
    {
        var tokens = input.Approvers.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(a => a, _ => ApprovalTokens.New(), StringComparer.OrdinalIgnoreCase);
        var toSend = await store.RunInTransactionAsync(tx => Prepare(tx, context, input, tokens), context.CancellationToken);
        foreach (var (requestId, email) in toSend)
        {
            await notifier.SendAsync(email, context.CancellationToken);
            await store.RunInTransactionAsync(tx =>
            {
                tx.Defer("UPDATE ef_approvals SET sent_at = $p1 WHERE request_id = $p0", requestId, time.GetUtcNow().ToUnixTimeMilliseconds());
                return true;
            }, CancellationToken.None);
        }
        return toSend.Count;
    }

    private List<(string RequestId, ApprovalEmail Email)> Prepare(IDomainTransaction tx, ActivityCallContext context, ApprovalStageInput input, Dictionary<string, string> tokens)
    {
        var now = time.GetUtcNow();
        var appeal = tx.Query("""
            SELECT p.case_id, p.category, p.text, p.status, s.body, COALESCE(c.score, 0), a.kind, a.duration_seconds FROM ef_appeals p
            JOIN ef_statements s ON s.statement_id = p.statement_id JOIN ef_actions a ON a.action_id = p.action_id LEFT JOIN ef_cases c ON c.case_id = p.case_id
            WHERE p.appeal_id = $p0
            """, r => (Case: r.GetString(0), Category: r.GetString(1), Text: r.GetString(2), Status: r.GetString(3), Statement: Statements.StatementOfReasons.FromJson(r.GetString(4))!,
                Score: r.GetDouble(5), Action: r.GetString(6), Duration: r.IsDBNull(7) ? (long?)null : r.GetInt64(7)), input.CaseId).Single();
        if (appeal.Status != "awaiting_review")
        {
            return [];
        }
        if (input.SupersedesStage is { } old)
        {
            tx.Defer("UPDATE ef_approvals SET superseded_at = $p2 WHERE case_id = $p0 AND stage = $p1 AND used_at IS NULL AND superseded_at IS NULL",
                input.CaseId, old, now.ToUnixTimeMilliseconds());
        }
        var proposal = JsonSerializer.Serialize(new { Outcome = "overturn", Appeal = true, appeal.Action, RequiredApprovers = 1 });
        var result = new List<(string, ApprovalEmail)>();
        var fresh = 0;
        foreach (var (reviewer, token) in tokens)
        {
            var existing = tx.Query("SELECT request_id, sent_at IS NOT NULL FROM ef_approvals WHERE case_id = $p0 AND stage = $p1 AND approver = $p2",
                r => (Id: r.GetString(0), Sent: r.GetInt32(1) == 1), input.CaseId, input.Stage, reviewer).FirstOrDefault();
            if (existing.Sent)
            {
                continue;
            }
            var requestId = existing.Id ?? "apr_" + Guid.NewGuid().ToString("N")[..20];
            if (existing.Id is null)
            {
                fresh++;
                tx.Defer("""
                    INSERT INTO ef_approvals (request_id, case_id, account_id, instance_id, approver, stage, token_sha256, proposal, created_at, expires_at)
                    VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
                    """, requestId, input.CaseId, input.AccountId, context.InstanceId, reviewer, input.Stage, ApprovalTokens.Hash(token), proposal,
                    now.ToUnixTimeMilliseconds(), input.ExpiresAt.ToUnixTimeMilliseconds());
            }
            else
            {
                tx.Defer("UPDATE ef_approvals SET token_sha256 = $p1 WHERE request_id = $p0", requestId, ApprovalTokens.Hash(token));
            }
            var excerpt = appeal.Text.Length <= 600 ? appeal.Text : appeal.Text[..600] + "…";
            result.Add((requestId, new ApprovalEmail(reviewer, input.Kind, input.CaseId, input.AccountId, appeal.Category, appeal.Score,
                [$"Appeal of the {appeal.Action} on case {appeal.Case} (statement {appeal.Statement.StatementId}). Approve = overturn and reinstate; reject = uphold."],
                ["The account writes: " + excerpt, "Statement of reasons: " + appeal.Statement.Facts.Summary],
                $"overturn the {appeal.Action}", appeal.Duration is { } s ? System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(s)) : null,
                links.Value.Link(token, "approve"), links.Value.Link(token, "reject"), input.ExpiresAt)));
        }
        if (fresh > 0)
        {
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.AppealReviewRequested, "appeal-workflow", AuditEntries.Data(new JsonObject
            {
                ["appealId"] = input.CaseId,
                ["stage"] = input.Stage,
                ["reviewers"] = new JsonArray([.. tokens.Keys.Select(a => (JsonNode)a)]),
                ["expiresAt"] = AuditCanonicalEncoding.FormatTimestamp(input.ExpiresAt),
            }), appeal.Case, input.AccountId));
        }
        return result;
    }
}
