using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.App.Api;

/// <summary>
/// Where a case stands and when it moves on by itself: a collecting case is assessed when its collect window
/// (from its opening) ends; a case waiting for a human times out at its approval deadline. Null when nothing
/// is scheduled (being assessed, or closed).
/// </summary>
public sealed record CaseStage(string Name, DateTimeOffset? DueAt, string? Next)
{
    public static async Task<CaseStage> OfAsync(CaseView found, IDomainDatabase store, CaseOptions options, CancellationToken ct)
    {
        switch (found.Status)
        {
            case "collecting":
                // The window configured now; a case started before a configuration change keeps the one it started with.
                return new CaseStage(found.Status, found.OpenedAt + options.CollectWindow,
                    $"gathers the account's signals for {options.CollectWindow.TotalSeconds:0.#} s after it opened, then it is assessed");
            case "awaiting_approval":
                var expires = await store.RunInTransactionAsync(tx => tx.Scalar(
                    "SELECT MAX(expires_at) FROM ef_approvals WHERE case_id = $p0 AND used_at IS NULL", found.CaseId), ct);
                return new CaseStage(found.Status, expires is null or DBNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(expires, System.Globalization.CultureInfo.InvariantCulture)),
                    "waits for an approver's decision; at the due time the policy's timeout outcome applies");
            case "assessed":
                return new CaseStage(found.Status, null, "assessed; the decision is being carried out");
            default:
                return new CaseStage(found.Status, null, found.ClosedAt is null ? null : "closed");
        }
    }
}
