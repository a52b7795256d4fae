namespace EnforcementFlows.Scoring.MlNet;

/// <summary>The ML.NET trainers the train command offers over our token features.</summary>
public enum MlNetTrainerKind
{
    /// <summary>LbfgsLogisticRegression, L2 chosen on fold 0, no L1 (the default).</summary>
    Lbfgs,
    /// <summary>SdcaLogisticRegression, L2 chosen on fold 0.</summary>
    Sdca,
    /// <summary>FastTree boosted trees; no linear fast path, scored through ML.NET's engine.</summary>
    FastTree,
}
