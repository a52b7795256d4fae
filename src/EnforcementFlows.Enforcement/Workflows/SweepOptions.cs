namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Configuration section "EnforcementFlows:Sweeps".</summary>
public sealed class SweepOptions
{
    public const string Section = "EnforcementFlows:Sweeps";

    /// <summary>Detector flags below this confidence do not open a case at once; they wait for a sweep.</summary>
    public double ImmediateThreshold { get; set; } = 0.5;

    /// <summary>A sweep opens a case for an account whose held flags' confidences add up to at least this.</summary>
    public double SweepThreshold { get; set; } = 1.0;

    /// <summary>Only flags received within this window count.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}
