using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Api;

/// <summary>
/// The state of one approval link, looked up by the hash of its token. An appeal's review links use the appeal id as their case id;
/// an appeal awaiting review takes them like a case awaiting approval.
/// </summary>
internal sealed record ApprovalLink(string RequestId, string CaseId, string AccountId, string InstanceId, string Approver, string ProposalJson,
    DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, string? Decision, DateTimeOffset? SupersededAt, string CaseStatus)
{
    public static Task<ApprovalLink?> FindAsync(IDomainDatabase store, string token, CancellationToken ct)
        => store.RunInTransactionAsync(tx => Find(tx, token), ct);

    public static ApprovalLink? Find(IDomainTransaction tx, string token) => tx.Query("""
        SELECT a.request_id, a.case_id, a.account_id, a.instance_id, a.approver, a.proposal, a.expires_at, a.used_at, a.decision, a.superseded_at,
            COALESCE(c.status, CASE WHEN p.status = 'awaiting_review' THEN 'awaiting_approval' ELSE p.status END, 'unknown')
        FROM ef_approvals a LEFT JOIN ef_cases c ON c.case_id = a.case_id LEFT JOIN ef_appeals p ON p.appeal_id = a.case_id WHERE a.token_sha256 = $p0
        """, r => new ApprovalLink(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            Ms(r.GetInt64(6)), r.IsDBNull(7) ? null : Ms(r.GetInt64(7)), r.IsDBNull(8) ? null : r.GetString(8),
            r.IsDBNull(9) ? null : Ms(r.GetInt64(9)), r.GetString(10)), ApprovalTokens.Hash(token)).FirstOrDefault();

    /// <summary>Null when the link can be used now; otherwise the status and the reason to show.</summary>
    public (int Status, string Title, string Detail)? Refusal(DateTimeOffset now)
    {
        if (UsedAt is not null)
        {
            return (StatusCodes.Status409Conflict, "This link was already used", $"A decision ({Decision}) was recorded with it on {UsedAt:u}. Each link decides once.");
        }
        if (ExpiresAt <= now)
        {
            return (StatusCodes.Status410Gone, "This link has expired", $"It expired on {ExpiresAt:u}. Nothing was changed.");
        }
        if (SupersededAt is not null || CaseStatus != "awaiting_approval")
        {
            return (StatusCodes.Status409Conflict, "This request was superseded",
                "The case was decided by another approver, changed, or a newer email replaced this one. Nothing was changed.");
        }
        return null;
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
