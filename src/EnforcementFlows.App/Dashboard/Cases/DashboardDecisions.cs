using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// Human decisions from the dashboard, under the same rules as email links: only while the case
/// awaits a decision and before its deadline, once per person, not by the human proposer of a
/// two-approver action, and not while another reviewer holds the case. Each decision is recorded
/// (ef_approvals, audit) and delivered to the case workflow as its "approval" event in one
/// transaction; the workflow, not this class, changes the case.
/// </summary>
public sealed partial class DashboardDecisions(IDomainDatabase store, TimeProvider time, CaseClaims claims, ILogger<DashboardDecisions> logger,
    CaseWorkflowCommands workflows)
{
    public async Task<DecisionOutcome> DecideAsync(string caseId, DashboardUser user, bool approve, string? comment, CancellationToken ct)
        => Logged(approve ? "approve" : "reject", caseId, await store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            var pending = PendingCase.Read(tx, caseId);
            if (pending is null)
            {
                return DecisionOutcome.NotFound(caseId);
            }
            if (Refusal(tx, pending, user, now) is { } refused)
            {
                return refused;
            }
            Record(tx, pending, user, approve ? "approve" : "reject", comment, now, dismiss: false);
            return DecisionOutcome.Ok(approve
                ? $"You approved the proposed action on case {caseId}."
                : $"You rejected the proposed action on case {caseId}.");
        }, ct));

    private DecisionOutcome Logged(string action, string caseId, DecisionOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            Log.DashboardActionRefused(logger, action, caseId, outcome.Status);
        }
        else if (action == "propose")
        {
            Log.HumanProposalRecorded(logger, caseId);
        }
        else
        {
            Log.DashboardDecisionRecorded(logger, action, caseId);
        }
        return outcome;
    }

    /// <summary>The checks every decision passes (claim, state, deadline, once per person, four-eyes rule).</summary>
    private DecisionOutcome? Refusal(IDomainTransaction tx, PendingCase pending, DashboardUser user, DateTimeOffset now)
    {
        if (pending.NotDecidable(now) is { } notDecidable)
        {
            return notDecidable;
        }
        if (claims.HeldByOther(tx, pending.CaseId, user.Name) is { } held)
        {
            return DecisionOutcome.Conflict($"Case {pending.CaseId} is claimed by {held.Reviewer} until {held.ExpiresAt:u}.");
        }
        if (PendingCase.AlreadyDecidedBy(tx, pending.CaseId, user.Name))
        {
            return DecisionOutcome.Conflict("You already decided on this case; a second approval must come from a different approver.");
        }
        return HumanProposals.RefusalFor(tx, pending.CaseId, user.Name) is { } ownProposal ? DecisionOutcome.Forbidden(ownProposal) : null;
    }

    /// <summary>
    /// Marks the person's open email request used (so its link cannot decide again) or records a
    /// "dashboard" request, audits, and raises the workflow's approval event.
    /// </summary>
    private void Record(IDomainTransaction tx, PendingCase pending, DashboardUser user, string decision, string? comment, DateTimeOffset now, bool dismiss)
    {
        var at = now.ToUnixTimeMilliseconds();
        var requestId = tx.Query("""
            SELECT request_id FROM ef_approvals WHERE case_id = $p0 AND LOWER(approver) = LOWER($p1) AND used_at IS NULL AND superseded_at IS NULL
            ORDER BY created_at DESC LIMIT 1
            """, r => r.GetString(0), pending.CaseId, user.Name).FirstOrDefault();
        if (requestId is null)
        {
            requestId = "apr_" + Guid.NewGuid().ToString("N")[..20];
            tx.Execute("""
                INSERT INTO ef_approvals (request_id, case_id, account_id, instance_id, approver, stage, token_sha256, proposal, created_at, expires_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, 'dashboard', $p5, $p6, $p7, $p7)
                """, requestId, pending.CaseId, pending.AccountId, pending.InstanceId, user.Name, ApprovalTokens.Hash(ApprovalTokens.New()),
                System.Text.Json.JsonSerializer.Serialize(new { Outcome = pending.ProposedOutcome, pending.RequiredApprovers }), at);
        }
        tx.Execute("UPDATE ef_approvals SET used_at = $p1, decision = $p2, comment = $p3 WHERE request_id = $p0", requestId, at, decision, comment);
        if (decision != "approve")
        {
            tx.Execute("UPDATE ef_approvals SET superseded_at = $p1 WHERE case_id = $p0 AND used_at IS NULL AND superseded_at IS NULL", pending.CaseId, at);
        }
        tx.Execute("DELETE FROM ef_case_claims WHERE case_id = $p0", pending.CaseId);
        AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ApprovalDecided, "approver:" + user.Name, AuditEntries.Data(new JsonObject
        {
            ["requestId"] = requestId,
            ["decision"] = decision,
            ["comment"] = comment,
            ["channel"] = "dashboard",
        }), pending.CaseId, pending.AccountId));
        workflows.RaiseDecision(tx, pending.InstanceId, new ApprovalDecision(decision == "approve", user.Name, comment, pending.CaseId, Dismiss: dismiss,
            DecisionId: requestId));
    }
}
