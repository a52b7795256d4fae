namespace EnforcementFlows.Scoring;

/// <summary>
/// probability = sigmoid(A × margin + B): the parameters of the ML.NET Platt calibrator a
/// model was trained with, as the fast path applies them.
/// </summary>
internal sealed record SigmoidCalibration(double A, double B)
{
    public double Probability(double margin)
    {
        double z = A * margin + B;
        return z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
    }
}
