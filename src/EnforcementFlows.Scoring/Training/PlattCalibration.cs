namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Platt scaling: probability = sigmoid(A * margin + B), fitted on held-out margins.
/// Class weighting shifts raw margins, so the raw sigmoid is not a probability; this is.
/// </summary>
public sealed record PlattCalibration(double A, double B)
{
    public static readonly PlattCalibration Identity = new(1, 0);

    public double Probability(double margin) => LogisticObjective.Sigmoid(A * margin + B);

    /// <summary>
    /// Fits A and B by minimising log-loss against Platt's smoothed targets, which keep a
    /// separable validation set from pushing the slope to infinity.
    /// </summary>
    public static PlattCalibration Fit(IReadOnlyList<double> margins, IReadOnlyList<bool> labels)
    {
        int positives = labels.Count(y => y), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return Identity;
        double high = (positives + 1.0) / (positives + 2.0), low = 1.0 / (negatives + 2.0);
        var parameters = Lbfgs.Minimize((p, gradient) =>
        {
            double loss = 0;
            gradient.Clear();
            for (int i = 0; i < margins.Count; i++)
            {
                double target = labels[i] ? high : low;
                double q = Math.Clamp(LogisticObjective.Sigmoid(p[0] * margins[i] + p[1]), 1e-12, 1 - 1e-12);
                loss -= target * Math.Log(q) + (1 - target) * Math.Log(1 - q);
                gradient[0] += (q - target) * margins[i];
                gradient[1] += q - target;
            }
            return loss;
        }, dimension: 2, maxIterations: 200, gradientTolerance: 1e-8);
        return new PlattCalibration(parameters[0], parameters[1]);
    }
}
