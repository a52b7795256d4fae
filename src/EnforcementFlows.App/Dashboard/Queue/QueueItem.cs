namespace EnforcementFlows.App.Dashboard;

/// <summary>One case awaiting a human, as the queue lists it.</summary>
public sealed record QueueItem(
    string CaseId,
    string AccountId,
    string Category,
    double Score,
    string ProposedOutcome,
    long? DurationSeconds,
    int RequiredApprovers,
    bool InterimRestriction,
    string Tier,
    int ReporterCount,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DeadlineAt,
    string? ClaimedBy,
    DateTimeOffset? ClaimExpiresAt)
{
    public CaseSeverity Severity => CaseSeverities.Of(ProposedOutcome);

    /// <summary>Bulk dismiss is for low-severity cases only: a warning, one approver, no interim restriction.</summary>
    public bool BulkDismissible => Severity == CaseSeverity.Low && RequiredApprovers <= 1 && !InterimRestriction;
}

/// <summary>Queue filters (all optional) from the query string.</summary>
public sealed record QueueFilter(string? Category, CaseSeverity? Severity, string? Tier, string? Claimed, double? MinScore)
{
    public bool Matches(QueueItem item, string reviewer) =>
        (Category is null || item.Category == Category)
        && (Severity is null || item.Severity == Severity)
        && (Tier is null || item.Tier == Tier)
        && (MinScore is null || item.Score >= MinScore)
        && Claimed switch
        {
            "mine" => string.Equals(item.ClaimedBy, reviewer, StringComparison.OrdinalIgnoreCase),
            "unclaimed" => item.ClaimedBy is null,
            _ => true,
        };
}
