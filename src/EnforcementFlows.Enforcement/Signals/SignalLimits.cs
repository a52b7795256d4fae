namespace EnforcementFlows.Enforcement.Signals;

/// <summary>Size limits on inbound signals; they bound storage and reviewer screens, not abuse detection.</summary>
public static class SignalLimits
{
    public const int MaxIdLength = 200;
    public const int MaxTextLength = 20_000;
    public const int MaxEvidenceLength = 10_000;
    public const int MaxFlagsPerBatch = 1_000;
    public const int MaxJsonDepth = 32;
}
