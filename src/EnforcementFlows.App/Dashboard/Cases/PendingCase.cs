using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard;

/// <summary>The facts a dashboard decision checks before it records anything, read in the deciding transaction.</summary>
internal sealed record PendingCase(string CaseId, string AccountId, string InstanceId, string Status, string ProposedOutcome, int RequiredApprovers, bool Interim,
    DateTimeOffset? DeadlineAt)
{
    public static PendingCase? Read(IDomainTransaction tx, string caseId) => tx.Query("""
        SELECT c.case_id, c.account_id, c.instance_id, c.status, c.assessment,
               (SELECT MIN(a.expires_at) FROM ef_approvals a WHERE a.case_id = c.case_id AND a.superseded_at IS NULL)
        FROM ef_cases c WHERE c.case_id = $p0
        """, r =>
        {
            var proposal = QueueQueries.ProposalOf(r.IsDBNull(4) ? null : r.GetString(4));
            return new PendingCase(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), proposal.Outcome, proposal.RequiredApprovers, proposal.Interim,
                r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));
        }, caseId).FirstOrDefault();

    public bool BulkDismissible => CaseSeverities.Of(ProposedOutcome) == CaseSeverity.Low && RequiredApprovers <= 1 && !Interim;

    /// <summary>Why nobody can decide now (not awaiting a decision, or past its deadline), or null.</summary>
    public DecisionOutcome? NotDecidable(DateTimeOffset now)
    {
        if (Status != "awaiting_approval")
        {
            return DecisionOutcome.Conflict($"Case {CaseId} is {Status}; it is not awaiting a decision.");
        }
        if (DeadlineAt is { } deadline && deadline <= now)
        {
            return new DecisionOutcome(StatusCodes.Status410Gone, $"The decision deadline of case {CaseId} passed at {deadline:u}; its timeout outcome applies.");
        }
        return null;
    }

    /// <summary>Whether this person already recorded a decision on the case (by email link or dashboard).</summary>
    public static bool AlreadyDecidedBy(IDomainTransaction tx, string caseId, string person)
        => Convert.ToInt32(tx.Scalar("SELECT COUNT(*) FROM ef_approvals WHERE case_id = $p0 AND LOWER(approver) = LOWER($p1) AND used_at IS NOT NULL",
            caseId, person)) > 0;
}
