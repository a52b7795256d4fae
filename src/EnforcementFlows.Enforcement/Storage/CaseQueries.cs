using System.Text.Json;
using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Storage;

/// <param name="HeldForSweep">A weak flag waiting for the sweep; it has no case yet.</param>
public sealed record SignalView(string Kind, string SignalId, string AccountId, string Category, DateTimeOffset ReceivedAt, string CaseInstanceId, string? CaseId,
    string? CaseStatus, bool HeldForSweep);

public sealed record LabelledReport(string Text, string Label, string? Category);

public sealed record SweepView(string SweepId, DateTimeOffset SweptAt, int AccountsSeen, int FlagsSeen, IReadOnlyList<string> CasesStarted);

public sealed record CaseView(string CaseId, string AccountId, string InstanceId, string Status, string? Category, double? Score,
    JsonElement? Assessment, DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt);

public sealed record ActionView(string ActionId, string CaseId, string Kind, long? DurationSeconds, string? Reason, DateTimeOffset AppliedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LiftedAt, bool Active);

public sealed record AccountView(string AccountId, string Tier, IReadOnlyList<ActionView> ActiveRestrictions, IReadOnlyList<ActionView> Actions, IReadOnlyList<CaseView> Cases);

public sealed record CaseFilter(string? Status = null, string? Category = null, string? AccountId = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    int PageSize = 50, int Page = 0);

/// <summary>Read models for the API. They run on the store (consistent with the last commit).</summary>
public sealed class CaseQueries(IDomainDatabase store, TimeProvider time)
{
    private const string CaseColumns = "case_id, account_id, instance_id, status, category, score, assessment, opened_at, updated_at, closed_at";

    public Task<SignalView?> GetSignalAsync(SignalKind kind, string id, CancellationToken ct)
        => store.RunInTransactionAsync(tx => tx.Query("""
            SELECT s.kind, s.signal_id, s.account_id, s.category, s.received_at, s.instance_id, s.case_id, c.status, s.held
            FROM ef_signals s LEFT JOIN ef_cases c ON c.case_id = s.case_id WHERE s.kind = $p0 AND s.signal_id = $p1
            """, r => new SignalView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Ms(r.GetInt64(4)), r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt32(8) == 1),
            SignalIntake.Wire(kind), id).FirstOrDefault(), ct);

    public Task<CaseView?> GetCaseAsync(string caseId, CancellationToken ct)
        => store.RunInTransactionAsync(tx => tx.Query($"SELECT {CaseColumns} FROM ef_cases WHERE case_id = $p0", ReadCase, caseId).FirstOrDefault(), ct);

    public Task<IReadOnlyList<CaseView>> ListCasesAsync(CaseFilter filter, CancellationToken ct)
        => store.RunInTransactionAsync<IReadOnlyList<CaseView>>(tx => tx.Query($"""
            SELECT {CaseColumns} FROM ef_cases
            WHERE (CAST($p0 AS TEXT) IS NULL OR status = $p0) AND (CAST($p1 AS TEXT) IS NULL OR category = $p1) AND (CAST($p2 AS TEXT) IS NULL OR account_id = $p2)
              AND (CAST($p3 AS BIGINT) IS NULL OR opened_at >= $p3) AND (CAST($p4 AS BIGINT) IS NULL OR opened_at < $p4)
            ORDER BY opened_at DESC, case_id DESC LIMIT $p5 OFFSET $p6
            """, ReadCase, filter.Status, filter.Category, filter.AccountId, filter.From?.ToUnixTimeMilliseconds(), filter.To?.ToUnixTimeMilliseconds(),
            Math.Clamp(filter.PageSize, 1, 500), Math.Max(0, filter.Page) * Math.Clamp(filter.PageSize, 1, 500)), ct);

    public Task<AccountView?> GetAccountAsync(string accountId, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            var actions = tx.Query("""
                SELECT action_id, case_id, kind, duration_seconds, reason, applied_at, expires_at, lifted_at FROM ef_actions
                WHERE account_id = $p0 ORDER BY applied_at DESC
                """, r =>
                {
                    var expires = r.IsDBNull(6) ? (DateTimeOffset?)null : Ms(r.GetInt64(6));
                    var lifted = r.IsDBNull(7) ? (DateTimeOffset?)null : Ms(r.GetInt64(7));
                    var kind = r.GetString(2);
                    var active = kind is "restrict" or "suspend" or "ban" && lifted is null && (expires is null || expires > now);
                    return new ActionView(r.GetString(0), r.GetString(1), kind, r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4),
                        Ms(r.GetInt64(5)), expires, lifted, active);
                }, accountId);
            var cases = tx.Query($"SELECT {CaseColumns} FROM ef_cases WHERE account_id = $p0 ORDER BY opened_at DESC", ReadCase, accountId);
            if (actions.Count == 0 && cases.Count == 0)
            {
                return null;
            }
            var tier = tx.Scalar("SELECT tier FROM ef_accounts WHERE account_id = $p0", accountId) as string ?? "standard";
            return new AccountView(accountId, tier, actions.Where(a => a.Active).ToList(), actions, cases);
        }, ct);

    public Task<IReadOnlyList<SweepView>> ListSweepsAsync(int count, CancellationToken ct)
        => store.RunInTransactionAsync<IReadOnlyList<SweepView>>(tx => tx.Query(
            "SELECT sweep_id, swept_at, accounts_seen, flags_seen, cases_started FROM ef_sweeps ORDER BY swept_at DESC LIMIT $p0",
            r => new SweepView(r.GetString(0), Ms(r.GetInt64(1)), r.GetInt32(2), r.GetInt32(3), JsonSerializer.Deserialize<List<string>>(r.GetString(4))!),
            Math.Clamp(count, 1, 500)), ct);

    /// <summary>
    /// Reports in cases a human decided (approved → enforced, or rejected), as labelled training rows
    /// for the text scorer: { text, label: "violating" | "benign", category }.
    /// </summary>
    public Task<IReadOnlyList<LabelledReport>> HumanDecidedReportsAsync(CancellationToken ct)
        => store.RunInTransactionAsync<IReadOnlyList<LabelledReport>>(tx => tx.Query("""
            SELECT s.payload, c.status, c.category FROM ef_signals s JOIN ef_cases c ON c.case_id = s.case_id
            WHERE s.kind = 'report' AND c.status IN ('enforced', 'rejected', 'dismissed')
              AND EXISTS (SELECT 1 FROM ef_approvals a WHERE a.case_id = c.case_id AND a.used_at IS NOT NULL)
            ORDER BY c.closed_at, s.signal_id
            """, r => new LabelledReport(
                JsonDocument.Parse(r.GetString(0)).RootElement.GetProperty("text").GetString() ?? "",
                r.GetString(1) == "enforced" ? "violating" : "benign", // rejected, or dismissed by a reviewer
                r.IsDBNull(2) ? null : r.GetString(2))), ct);

    /// <summary>Sets an account's tier (protected tiers always need human approval).</summary>
    public Task SetTierAsync(string accountId, string tier, CancellationToken ct)
        => store.RunInTransactionAsync(tx => tx.Execute(
            "INSERT INTO ef_accounts (account_id, tier) VALUES ($p0, $p1) ON CONFLICT (account_id) DO UPDATE SET tier = excluded.tier", accountId, tier), ct);

    private static CaseView ReadCase(IRowReader r)
    {
        JsonElement? assessment = null;
        if (!r.IsDBNull(6))
        {
            using var doc = JsonDocument.Parse(r.GetString(6));
            assessment = doc.RootElement.Clone();
        }
        return new CaseView(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetDouble(5), assessment,
            Ms(r.GetInt64(7)), Ms(r.GetInt64(8)), r.IsDBNull(9) ? null : Ms(r.GetInt64(9)));
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
