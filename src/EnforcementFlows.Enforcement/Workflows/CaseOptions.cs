namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>Configuration section "EnforcementFlows:Cases".</summary>
public sealed class CaseOptions
{
    public const string Section = "EnforcementFlows:Cases";

    /// <summary>How long a new case gathers further signals about the account before it is assessed.</summary>
    public TimeSpan CollectWindow { get; set; } = TimeSpan.FromSeconds(30);
}
