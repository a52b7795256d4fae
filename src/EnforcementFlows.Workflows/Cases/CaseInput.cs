using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Workflows.Cases;

/// <summary>
/// The input of one generation of an account's case instance.
/// </summary>
/// <param name="Seed">The signal that starts the case; null: wait for the next one.</param>
/// <param name="RecentSignalIds">
/// Signal ids the previous generations took, so a signal delivered twice (the outbox relay runs at least once)
/// never opens a second case. Bounded to <see cref="CaseOrchestration.RememberedSignals"/>.
/// </param>
public sealed record CaseInput(string AccountId, SignalRef? Seed = null, IReadOnlyList<string>? RecentSignalIds = null);

/// <summary>What one generation concluded.</summary>
public sealed record CaseResult(string CaseId, string Status, string? Action);

/// <summary>
/// The case's stage as its custom status: what the dashboard and the instance API show. Between cases the instance
/// waits for the account's next signal with no case id.
/// </summary>
public sealed record CaseStatus(string? CaseId, string Stage, string? Outcome = null, double? Score = null, DateTime? DueAt = null);
