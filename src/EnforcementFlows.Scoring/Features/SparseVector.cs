namespace EnforcementFlows.Scoring.Features;

/// <summary>Scaled features of one training example: hashing indices and their values.</summary>
internal sealed record SparseVector(int[] Indices, float[] Values)
{
    public double Dot(ReadOnlySpan<double> weights)
    {
        double sum = 0;
        for (int k = 0; k < Indices.Length; k++) sum += weights[Indices[k]] * Values[k];
        return sum;
    }
}
