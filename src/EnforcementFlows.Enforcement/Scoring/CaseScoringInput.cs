namespace EnforcementFlows.Enforcement.Scoring;

/// <summary>One detector's confidence that the account is abusive; several from one detector count once (the highest).</summary>
public sealed record DetectorEvidence(string Detector, double Confidence);

/// <summary>A distinct reporter on this case and their track record before it.</summary>
public sealed record ReporterEvidence(string ReporterId, int PastReports, int PastReportsUpheld);

/// <summary>The separate text classifier's output, with the model version for the audit trail.</summary>
public sealed record TextScore(double Probability, string ModelVersion);

/// <summary>Everything the combiner looks at for one case.</summary>
public sealed record CaseScoringInput
{
    public IReadOnlyList<DetectorEvidence> Detectors { get; init; } = [];

    public IReadOnlyList<ReporterEvidence> Reporters { get; init; } = [];

    /// <summary>Enforcement actions previously upheld against the account (overturned ones excluded by the caller).</summary>
    public int PriorActions { get; init; }

    public TextScore? Text { get; init; }
}
