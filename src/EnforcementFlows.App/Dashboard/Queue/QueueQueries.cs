using System.Text.Json;
using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// The review queue: cases awaiting a human, highest score first, then most severe, then oldest.
/// Portable SQL (SQLite and PostgreSQL): $pN parameters, Unix-ms times.
/// </summary>
public sealed class QueueQueries(IDomainDatabase store, TimeProvider time)
{
    public const int MaxCases = 1000;

    public Task<IReadOnlyList<QueueItem>> AwaitingAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return store.RunInTransactionAsync<IReadOnlyList<QueueItem>>(tx => tx.Query("""
            SELECT c.case_id, c.account_id, COALESCE(c.category, 'other'), COALESCE(c.score, 0), c.assessment, COALESCE(t.tier, 'standard'),
                   (SELECT COUNT(DISTINCT s.reporter_id) FROM ef_signals s WHERE s.case_id = c.case_id AND s.reporter_id IS NOT NULL),
                   c.opened_at,
                   (SELECT MIN(a.expires_at) FROM ef_approvals a WHERE a.case_id = c.case_id AND a.superseded_at IS NULL),
                   k.reviewer, k.expires_at
            FROM ef_cases c
            LEFT JOIN ef_accounts t ON t.account_id = c.account_id
            LEFT JOIN ef_case_claims k ON k.case_id = c.case_id AND k.expires_at > $p0
            WHERE c.status = 'awaiting_approval'
            ORDER BY c.score DESC, c.opened_at ASC
            LIMIT $p1
            """, Read, now, MaxCases), ct);
    }

    /// <summary>Priority order: score, then severity, then age (oldest first).</summary>
    public static IEnumerable<QueueItem> Prioritised(IEnumerable<QueueItem> items)
        => items.OrderByDescending(i => i.Score).ThenByDescending(i => i.Severity).ThenBy(i => i.OpenedAt).ThenBy(i => i.CaseId, StringComparer.Ordinal);

    private static QueueItem Read(IRowReader r)
    {
        var proposal = ProposalOf(r.IsDBNull(4) ? null : r.GetString(4));
        return new QueueItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), proposal.Outcome, proposal.DurationSeconds,
            proposal.RequiredApprovers, proposal.Interim, r.GetString(5), r.GetInt32(6), Ms(r.GetInt64(7)),
            r.IsDBNull(8) ? null : Ms(r.GetInt64(8)), r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? null : Ms(r.GetInt64(10)));
    }

    /// <summary>The pending action as the recorded assessment states it.</summary>
    public static (string Outcome, long? DurationSeconds, int RequiredApprovers, bool Interim) ProposalOf(string? assessmentJson)
    {
        if (assessmentJson is null)
        {
            return ("unknown", null, 1, false);
        }
        using var doc = JsonDocument.Parse(assessmentJson);
        if (!doc.RootElement.TryGetProperty("assessment", out var a))
        {
            return ("unknown", null, 1, false);
        }
        return (a.TryGetProperty("outcome", out var o) ? o.GetString() ?? "unknown" : "unknown",
            a.TryGetProperty("durationSeconds", out var d) && d.TryGetInt64(out var secs) ? secs : null,
            a.TryGetProperty("requiredApprovers", out var n) && n.TryGetInt32(out var count) ? count : 1,
            a.TryGetProperty("restrictImmediately", out var ri) && ri.ValueKind == JsonValueKind.True);
    }

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
