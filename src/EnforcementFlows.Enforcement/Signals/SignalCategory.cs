namespace EnforcementFlows.Enforcement.Signals;

/// <summary>Abuse categories shared by reports, detector flags and the policy file.</summary>
public enum SignalCategory
{
    Spam,
    ScamFraud,
    Harassment,
    Hate,
    ViolentThreat,
    SexualContent,
    ChildSafety,
    SelfHarm,
    Impersonation,
    Malware,
    PolicyEvasion,
    Other,
}
