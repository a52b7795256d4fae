namespace EnforcementFlows.Enforcement.Scoring;

/// <summary>Stable names of score contributions; they appear in audit records, so never rename one.</summary>
public static class ContributionNames
{
    public const string Detectors = "detectors";
    public const string Reporters = "reporters";
    public const string ReporterReliability = "reporter_reliability";
    public const string PriorActions = "prior_actions";
    public const string TextScore = "text_score";
}
