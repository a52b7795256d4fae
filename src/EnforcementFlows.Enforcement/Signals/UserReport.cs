namespace EnforcementFlows.Enforcement.Signals;

/// <summary>A report filed by a user against an account (optionally about one piece of content).</summary>
public sealed record UserReport(
    string ReportId,
    string ReporterId,
    string AccountId,
    SignalCategory Category,
    string Text,
    string? ContentId = null,
    DateTimeOffset? OccurredAt = null);
