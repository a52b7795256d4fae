namespace EnforcementFlows.Scoring.Features;

internal sealed partial class FeatureAccumulator
{
    // 1 + ln(count) for the small counts that make up nearly every feature.
    private static readonly float[] SublinearTf = Enumerable.Range(0, 64).Select(c => c == 0 ? 0f : 1f + MathF.Log(c)).ToArray();

    /// <summary>
    /// Turns counts into feature values in place: sublinear TF (1 + ln count) so one
    /// repeated word cannot dominate, then L2 normalisation so long and short messages
    /// live on the same scale.
    /// </summary>
    public void Scale()
    {
        double sumSquares = 0;
        for (int s = 0; s < Count; s++)
        {
            float count = _counts[s];
            float tf = count < SublinearTf.Length ? SublinearTf[(int)count] : 1f + MathF.Log(count);
            _counts[s] = tf;
            sumSquares += tf * tf;
        }
        if (sumSquares == 0) return;
        float inverseNorm = (float)(1 / Math.Sqrt(sumSquares));
        for (int s = 0; s < Count; s++) _counts[s] *= inverseNorm;
    }

    /// <summary>Copies the scaled features out, sorted by index, for training.</summary>
    public SparseVector ToSparseVector()
    {
        var indices = _indices.AsSpan(0, Count).ToArray();
        var values = _counts.AsSpan(0, Count).ToArray();
        Array.Sort(indices, values);
        return new SparseVector(indices, values);
    }
}
