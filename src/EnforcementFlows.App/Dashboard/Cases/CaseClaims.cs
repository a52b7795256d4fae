using EnforcementFlows.Storage;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Dashboard;

/// <summary>Who holds a case now, and until when.</summary>
public sealed record CaseClaim(string CaseId, string Reviewer, DateTimeOffset ExpiresAt);

/// <summary>
/// Reviewer leases on cases, so two reviewers do not work the same case. A claim lasts
/// <see cref="DashboardOptions.ClaimLease"/>; claiming again renews it; an expired claim is free to
/// take (that is the release on timeout). One upsert decides races: of two reviewers claiming at
/// once, exactly one gets the row.
/// </summary>
public sealed class CaseClaims(IDomainDatabase store, TimeProvider time, IOptionsMonitor<DashboardOptions> options)
{
    /// <summary>The claim after the attempt: the caller's when granted, the other reviewer's when not.</summary>
    public Task<CaseClaim> ClaimAsync(string caseId, string reviewer, CancellationToken ct)
        => store.RunInTransactionAsync(tx => Claim(tx, caseId, reviewer), ct);

    public CaseClaim Claim(IDomainTransaction tx, string caseId, string reviewer)
    {
        var now = time.GetUtcNow();
        var expires = now + options.CurrentValue.ClaimLease;
        tx.Execute("""
            INSERT INTO ef_case_claims (case_id, reviewer, claimed_at, expires_at) VALUES ($p0, $p1, $p2, $p3)
            ON CONFLICT (case_id) DO UPDATE SET reviewer = excluded.reviewer, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
            WHERE ef_case_claims.expires_at <= $p2 OR ef_case_claims.reviewer = excluded.reviewer
            """, caseId, reviewer, now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds());
        return Holder(tx, caseId)!;
    }

    /// <summary>Gives the case back (only the holder can).</summary>
    public Task ReleaseAsync(string caseId, string reviewer, CancellationToken ct)
        => store.RunInTransactionAsync(tx => tx.Execute("DELETE FROM ef_case_claims WHERE case_id = $p0 AND reviewer = $p1", caseId, reviewer), ct);

    /// <summary>The unexpired claim on a case, if any.</summary>
    public CaseClaim? Holder(IDomainTransaction tx, string caseId) => tx.Query(
        "SELECT case_id, reviewer, expires_at FROM ef_case_claims WHERE case_id = $p0 AND expires_at > $p1",
        r => new CaseClaim(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))),
        caseId, time.GetUtcNow().ToUnixTimeMilliseconds()).FirstOrDefault();

    /// <summary>Null when <paramref name="reviewer"/> may work on the case (unclaimed or theirs); otherwise who holds it.</summary>
    public CaseClaim? HeldByOther(IDomainTransaction tx, string caseId, string reviewer)
        => Holder(tx, caseId) is { } claim && !string.Equals(claim.Reviewer, reviewer, StringComparison.OrdinalIgnoreCase) ? claim : null;
}
