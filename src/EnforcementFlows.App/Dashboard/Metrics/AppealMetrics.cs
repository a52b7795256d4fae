using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Policy;

namespace EnforcementFlows.App.Dashboard.Metrics;

/// <summary>One group's appeal figures: of its statements, how many were appealed, decided, overturned.</summary>
public sealed record AppealGroup(string Key, long Statements, long Appealed, long Decided, long Overturned)
{
    /// <summary>Appeals per statement of reasons issued (null: no statements).</summary>
    public double? AppealRate => Statements == 0 ? null : (double)Appealed / Statements;

    /// <summary>Overturned per decided appeal (null: none decided): the signal that the model or the policy is wrong.</summary>
    public double? OverturnRate => Decided == 0 ? null : (double)Overturned / Decided;
}

/// <summary>
/// Appeal and overturn rates of the statements issued in the window, by category, policy version, model version and automated vs
/// human decision, and the median time from an appeal to its decision. Timeout outcomes count as decided (they were not overturned by
/// a human, and the figures say how many timed out).
/// </summary>
public sealed record AppealMetricsReport(string Window, DateTimeOffset From, DateTimeOffset To, AppealGroup Total,
    IReadOnlyList<AppealGroup> ByCategory, IReadOnlyList<AppealGroup> ByPolicyVersion, IReadOnlyList<AppealGroup> ByModelVersion,
    IReadOnlyList<AppealGroup> ByDecision, long TimedOut, double? MedianSecondsToDecide, long Pending);

public sealed class AppealMetricsQueries(IDomainDatabase store, TimeProvider time, PolicyEngine policy)
{
    private sealed record Row(string Category, string PolicyHash, bool Automated, string? Assessment, string? Status, long? ReceivedAt, long? DecidedAt, bool TimedOut);

    public async Task<AppealMetricsReport> LoadAsync(string? window, CancellationToken ct)
    {
        var w = MetricsWindow.Parse(window, time.GetUtcNow());
        var rows = await store.QueryCommittedAsync("""
            SELECT s.category, s.policy_hash, s.automated_decision, c.assessment, p.status, p.received_at, p.decided_at, COALESCE(p.timed_out, 0)
            FROM ef_statements s LEFT JOIN ef_appeals p ON p.statement_id = s.statement_id LEFT JOIN ef_cases c ON c.case_id = s.case_id
            WHERE s.issued_at >= $p0 AND s.issued_at < $p1
            """, r => new Row(r.GetString(0), r.GetString(1), r.GetInt32(2) == 1, r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetInt32(7) == 1), ct, w.FromMs, w.ToMs);
        var decided = rows.Where(r => r.DecidedAt is not null && r.ReceivedAt is not null).Select(r => (double)(r.DecidedAt!.Value - r.ReceivedAt!.Value) / 1000).Order().ToList();
        return new AppealMetricsReport(w.Name, w.From, w.To, Group("all", rows),
            By(rows, r => r.Category), By(rows, r => PolicyLabel(r.PolicyHash)), By(rows, r => ModelVersion(r.Assessment) ?? "no text score"),
            By(rows, r => r.Automated ? "automated" : "human"), rows.Count(r => r.TimedOut),
            decided.Count == 0 ? null : Median(decided), rows.Count(r => r.Status == "awaiting_review"));
    }

    private static List<AppealGroup> By(IEnumerable<Row> rows, Func<Row, string> key)
        => [.. rows.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g))];

    private static AppealGroup Group(string key, IEnumerable<Row> rows)
    {
        var list = rows.ToList();
        return new AppealGroup(key, list.Count, list.Count(r => r.Status is not null), list.Count(r => r.Status is "upheld" or "overturned"),
            list.Count(r => r.Status == "overturned"));
    }

    private string PolicyLabel(string hash) => hash == policy.Policy.Hash ? $"{policy.Policy.VersionLabel} ({hash[..Math.Min(12, hash.Length)]})" : hash[..Math.Min(12, hash.Length)];

    private static string? ModelVersion(string? assessment)
    {
        if (assessment is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(assessment);
        return doc.RootElement.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty("modelVersion", out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static double Median(IReadOnlyList<double> sorted)
        => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
