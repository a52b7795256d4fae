using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Dashboard;

public sealed partial class DashboardDecisions
{
    /// <summary>
    /// An analyst puts their name to the pending action, with a reason, for the approvers. When the
    /// action needs two approvers, the proposer then cannot be one of them (by dashboard or email link).
    /// Someone who already decided on the case cannot propose it afterwards.
    /// </summary>
    public async Task<DecisionOutcome> ProposeAsync(string caseId, DashboardUser user, string reason, CancellationToken ct)
        => Logged("propose", caseId, await store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            var pending = PendingCase.Read(tx, caseId);
            if (pending is null)
            {
                return DecisionOutcome.NotFound(caseId);
            }
            if (pending.NotDecidable(now) is { } notDecidable)
            {
                return notDecidable;
            }
            if (claims.HeldByOther(tx, caseId, user.Name) is { } held)
            {
                return DecisionOutcome.Conflict($"Case {caseId} is claimed by {held.Reviewer} until {held.ExpiresAt:u}.");
            }
            if (PendingCase.AlreadyDecidedBy(tx, caseId, user.Name))
            {
                return DecisionOutcome.Conflict("You already decided on this case, so you cannot also propose its action.");
            }
            var duration = tx.Query("SELECT assessment FROM ef_cases WHERE case_id = $p0", r => QueueQueries.ProposalOf(r.GetString(0)).DurationSeconds, caseId)
                .FirstOrDefault();
            return HumanProposals.Record(tx, caseId, pending.AccountId, user.Name, pending.ProposedOutcome, duration, reason, now)
                ? DecisionOutcome.Ok($"You proposed {pending.ProposedOutcome} on case {caseId}.")
                : DecisionOutcome.Conflict($"Case {caseId} already has a proposal.");
        }, ct));
}
