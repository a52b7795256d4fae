using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The outcome of one verification of the audit chain, as the operations page shows it.</summary>
public sealed record AuditCheck(DateTimeOffset CheckedAt, string CheckedBy, bool Ok, long RecordsChecked, long? FirstBadIndex, string Reason, string HeadHash);

/// <summary>
/// Verifies the audit chain on demand (page by page, so memory stays flat) and remembers the last
/// result for this process. One verification at a time; a second request waits for the first.
/// </summary>
public sealed class AuditChainStatus(AuditLedger ledger, TimeProvider time, ILogger<AuditChainStatus> logger)
{
    public const int PageSize = 5000;

    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>The last verification since this process started; null before the first.</summary>
    public AuditCheck? Last { get; private set; }

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
            Last = check;
            Log.AuditVerifiedFromDashboard(logger, check.Ok, check.RecordsChecked, check.FirstBadIndex);
            return check;
        }
        finally
        {
            _running.Release();
        }
    }
}
