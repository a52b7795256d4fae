using System.Text.Json;
using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Input of the approval-request activity: one stage of approvers for a case.</summary>
public sealed record ApprovalStageInput(string CaseId, string AccountId, string Stage, IReadOnlyList<string> Approvers, DateTimeOffset ExpiresAt,
    ApprovalEmailKind Kind, string? SupersedesStage = null);

/// <summary>
/// Issues one link per approver for a stage (request, reminder or escalation) and emails it.
/// Tokens are stored as hashes, so the plain token exists only until its email is sent: requests
/// whose email did not go out get a fresh token on a redelivery, requests already sent are left alone.
/// </summary>
internal sealed class IssueApprovalRequestsActivity(IDomainDatabase store, TimeProvider time, IApprovalNotifier notifier, IOptions<ApprovalLinkOptions> links)
    : EnforcementActivity<ApprovalStageInput, int>
{
    public override async Task<int> RunAsync(ActivityCallContext context, ApprovalStageInput input)
    {
        var tokens = input.Approvers.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(a => a, _ => ApprovalTokens.New(), StringComparer.OrdinalIgnoreCase);
        var toSend = await store.RunInTransactionAsync(tx => Prepare(tx, context, input, tokens), context.CancellationToken);
        foreach (var (requestId, approver, email) in toSend)
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

    private List<(string RequestId, string Approver, ApprovalEmail Email)> Prepare(IDomainTransaction tx, ActivityCallContext context, ApprovalStageInput input,
        Dictionary<string, string> tokens)
    {
        var now = time.GetUtcNow();
        var summary = CaseSummary.Read(tx, input.CaseId);
        if (input.SupersedesStage is { } old)
        {
            tx.Defer("UPDATE ef_approvals SET superseded_at = $p2 WHERE case_id = $p0 AND stage = $p1 AND used_at IS NULL AND superseded_at IS NULL",
                input.CaseId, old, now.ToUnixTimeMilliseconds());
        }
        var fresh = 0;
        var result = new List<(string, string, ApprovalEmail)>();
        foreach (var (approver, token) in tokens)
        {
            var existing = tx.Query("SELECT request_id, sent_at IS NOT NULL FROM ef_approvals WHERE case_id = $p0 AND stage = $p1 AND approver = $p2",
                r => (Id: r.GetString(0), Sent: r.GetInt32(1) == 1), input.CaseId, input.Stage, approver).FirstOrDefault();
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
                    """, requestId, input.CaseId, input.AccountId, context.InstanceId, approver, input.Stage, ApprovalTokens.Hash(token),
                    summary.ProposalJson, now.ToUnixTimeMilliseconds(), input.ExpiresAt.ToUnixTimeMilliseconds());
            }
            else
            {
                tx.Defer("UPDATE ef_approvals SET token_sha256 = $p1 WHERE request_id = $p0", requestId, ApprovalTokens.Hash(token));
            }
            result.Add((requestId, approver, summary.Email(approver, input.Kind, links.Value.Link(token, "approve"), links.Value.Link(token, "reject"), input.ExpiresAt)));
        }
        if (fresh > 0)
        {
            tx.Defer("UPDATE ef_cases SET status = 'awaiting_approval', updated_at = $p1 WHERE case_id = $p0 AND status IN ('assessed', 'awaiting_approval')",
                input.CaseId, now.ToUnixTimeMilliseconds());
            var kind = input.Kind switch
            {
                ApprovalEmailKind.Reminder => AuditKind.ApprovalReminded,
                ApprovalEmailKind.Escalation => AuditKind.ApprovalEscalated,
                _ => AuditKind.ApprovalRequested,
            };
            AuditLedger.Append(tx, new AuditEntry(now, kind, "case-workflow", AuditEntries.Data(new JsonObject
            {
                ["stage"] = input.Stage,
                ["approvers"] = new JsonArray(tokens.Keys.Select(a => (JsonNode)a).ToArray()),
                ["expiresAt"] = AuditCanonicalEncoding.FormatTimestamp(input.ExpiresAt),
            }), input.CaseId, input.AccountId));
        }
        return result;
    }
}

/// <summary>What approval emails say about a case, read from its assessment and signals.</summary>
internal sealed record CaseSummary(string CaseId, string AccountId, string Category, double Score, string Outcome, long? DurationSeconds, IReadOnlyList<string> Contributions,
    IReadOnlyList<string> Evidence, string ProposalJson)
{
    public static CaseSummary Read(IDomainTransaction tx, string caseId)
    {
        var row = tx.Query("SELECT account_id, assessment FROM ef_cases WHERE case_id = $p0", r => (r.GetString(0), r.GetString(1)), caseId).Single();
        var assessment = JsonSerializer.Deserialize<JsonElement>(row.Item2).GetProperty("assessment");
        var recorded = RecordedJson.Deserialize<Assessment>(assessment.GetRawText());
        var evidence = tx.Query("SELECT payload FROM ef_signals WHERE case_id = $p0 ORDER BY received_at LIMIT 5", r => Excerpt(r.GetString(0)), caseId)
            .Where(e => e.Length > 0).ToList();
        var proposal = JsonSerializer.Serialize(new { recorded.Outcome, recorded.DurationSeconds, recorded.Category, recorded.Score, recorded.RequiredApprovers });
        return new CaseSummary(caseId, row.Item1, recorded.Category, recorded.Score, recorded.Outcome, recorded.DurationSeconds, recorded.TopContributions ?? [], evidence, proposal);
    }

    public ApprovalEmail Email(string to, ApprovalEmailKind kind, Uri approve, Uri reject, DateTimeOffset expires) => new(
        to, kind, CaseId, AccountId, Category, Score, Contributions, Evidence, Outcome,
        DurationSeconds is { } s ? System.Xml.XmlConvert.ToString(TimeSpan.FromSeconds(s)) : null, approve, reject, expires);

    private static string Excerpt(string payload)
    {
        var json = JsonSerializer.Deserialize<JsonElement>(payload);
        var text = json.TryGetProperty("text", out var t) ? t.GetString() : json.TryGetProperty("evidence", out var e) ? e.GetString() : null;
        return text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";
    }
}
