using System.Text.Json;
using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Approvals;

/// <summary>A human's proposal of a case's pending action.</summary>
public sealed record HumanProposal(string CaseId, string ProposedBy, string Outcome, long? DurationSeconds, string Reason, DateTimeOffset ProposedAt);

/// <summary>
/// Proposals by people (the policy proposes every action; an analyst can put their name to a
/// pending one, with a reason). The four-eyes rule: when the action needs two approvers and a
/// human proposed it, the proposer may not decide on it — not from the dashboard, not by email link.
/// </summary>
public static class HumanProposals
{
    public static HumanProposal? Find(IDomainTransaction tx, string caseId) => tx.Query(
        "SELECT case_id, proposed_by, outcome, duration_seconds, reason, proposed_at FROM ef_case_proposals WHERE case_id = $p0",
        r => new HumanProposal(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))), caseId).FirstOrDefault();

    /// <summary>Records the proposal (the first one counts) and its audit record; false when the case already had one.</summary>
    public static bool Record(IDomainTransaction tx, string caseId, string accountId, string proposedBy, string outcome, long? durationSeconds, string reason,
        DateTimeOffset now)
    {
        var inserted = tx.Execute("""
            INSERT INTO ef_case_proposals (case_id, proposed_by, outcome, duration_seconds, reason, proposed_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5) ON CONFLICT (case_id) DO NOTHING
            """, caseId, proposedBy, outcome, durationSeconds, reason, now.ToUnixTimeMilliseconds()) == 1;
        if (inserted)
        {
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ActionProposed, "analyst:" + proposedBy, AuditEntries.Data(new JsonObject
            {
                ["outcome"] = outcome,
                ["durationSeconds"] = durationSeconds,
                ["reason"] = reason,
            }), caseId, accountId));
        }
        return inserted;
    }

    /// <summary>
    /// Why <paramref name="approver"/> may not decide on the case, or null. Applies when the pending
    /// action needs two or more approvers and a human proposed it.
    /// </summary>
    public static string? RefusalFor(IDomainTransaction tx, string caseId, string approver)
    {
        if (Find(tx, caseId) is not { } proposal || !string.Equals(proposal.ProposedBy, approver, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return RequiredApprovers(tx, caseId) >= 2
            ? $"You proposed this action; it needs two approvers and neither may be its proposer ({proposal.ProposedBy})."
            : null;
    }

    /// <summary>How many distinct approvers the case's recorded assessment asks for (1 when unknown).</summary>
    public static int RequiredApprovers(IDomainTransaction tx, string caseId)
    {
        if (tx.Scalar("SELECT assessment FROM ef_cases WHERE case_id = $p0", caseId) is not string json)
        {
            return 1;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("assessment", out var a) && a.TryGetProperty("requiredApprovers", out var n) && n.TryGetInt32(out var count)
            ? count : 1;
    }
}
