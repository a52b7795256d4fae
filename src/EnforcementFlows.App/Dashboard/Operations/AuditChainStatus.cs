using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The outcome of one verification of the audit chain, as the operations page shows it.</summary>
public sealed record AuditCheck(DateTimeOffset CheckedAt, string CheckedBy, bool Ok, long RecordsChecked, long? FirstBadIndex, string Reason, string HeadHash);

/// <summary>
/// Verifies the audit chain on demand (page by page, so memory stays flat) and records each result
/// in the database (ef_audit_checks), so every process and a restarted one show the same last check.
/// One verification at a time per process; a second request waits for the first.
/// </summary>
public sealed class AuditChainStatus(AuditLedger ledger, IDomainDatabase store, TimeProvider time, ILogger<AuditChainStatus> logger)
{
    public const int PageSize = 5000;

    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The last recorded verification (by any process); null before the first.</summary>
    public Task<AuditCheck?> LastAsync(CancellationToken ct) => store.RunInTransactionAsync(tx => tx.Query(
        "SELECT checked_at, checked_by, ok, records_checked, first_bad_index, reason, head_hash FROM ef_audit_checks ORDER BY checked_at DESC, check_id DESC LIMIT 1",
        r => new AuditCheck(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetInt32(2) == 1, r.GetInt64(3),
            r.IsDBNull(4) ? null : r.GetInt64(4), r.GetString(5), r.GetString(6))).FirstOrDefault(), ct);

    public async Task<AuditCheck> VerifyAsync(string checkedBy, CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            var head = AuditHead.Empty;
            AuditVerification? failure = null;
            while (true)
            {
                var page = await ledger.ReadRangeAsync(head.Count, PageSize, ct);
                var result = AuditVerifier.VerifyFrom(page, head);
                if (!result.Ok)
                {
                    failure = result;
                    break;
                }
                if (page.Count > 0)
                {
                    head = new AuditHead(head.Count + page.Count, page[^1].Hash);
                }
                if (page.Count < PageSize)
                {
                    break;
                }
            }
            var check = failure is null
                ? new AuditCheck(time.GetUtcNow(), checkedBy, true, head.Count, null, $"{head.Count} records verified", head.Hash)
                : new AuditCheck(time.GetUtcNow(), checkedBy, false, failure.FirstBadIndex ?? head.Count, failure.FirstBadIndex, failure.Reason, head.Hash);
            await store.RunInTransactionAsync(tx => tx.Execute("""
                INSERT INTO ef_audit_checks (check_id, checked_at, checked_by, ok, records_checked, first_bad_index, reason, head_hash)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)
                """, "chk_" + Guid.NewGuid().ToString("N")[..20], check.CheckedAt.ToUnixTimeMilliseconds(), check.CheckedBy, check.Ok ? 1 : 0,
                check.RecordsChecked, check.FirstBadIndex, check.Reason, check.HeadHash), CancellationToken.None);
            Log.AuditVerifiedFromDashboard(logger, check.Ok, check.RecordsChecked, check.FirstBadIndex);
            return check;
        }
        finally
        {
            _running.Release();
        }
    }
}
