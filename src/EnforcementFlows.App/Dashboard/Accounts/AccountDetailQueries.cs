using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard;

public sealed record HeldFlag(string FlagId, string Category, double? Confidence, DateTimeOffset ReceivedAt);

/// <summary>The account page: restrictions in force (with expiry), past cases and actions, and flags waiting for the sweep.</summary>
public sealed record AccountDetail(AccountView Account, IReadOnlyList<HeldFlag> HeldFlags);

public sealed class AccountDetailQueries(IDomainDatabase store, CaseQueries cases)
{
    public async Task<AccountDetail?> GetAsync(string accountId, CancellationToken ct)
    {
        var held = await store.RunInTransactionAsync<IReadOnlyList<HeldFlag>>(tx => tx.Query("""
            SELECT signal_id, category, confidence, received_at FROM ef_signals
            WHERE account_id = $p0 AND kind = 'flag' AND held = 1 AND case_id IS NULL ORDER BY received_at
            """, r => new HeldFlag(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))),
            accountId), ct);
        var account = await cases.GetAccountAsync(accountId, ct);
        if (account is null && held.Count == 0)
        {
            return null;
        }
        return new AccountDetail(account ?? new AccountView(accountId, "standard", [], [], []), held);
    }
}
