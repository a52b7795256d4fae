namespace EnforcementFlows.Enforcement.Signals;

/// <summary>An automated detector's claim that an account is abusive, with its confidence in [0, 1].</summary>
public sealed record DetectorFlag(
    string FlagId,
    string Detector,
    string AccountId,
    SignalCategory Category,
    double Confidence,
    string? DetectorVersion = null,
    string? Evidence = null);
