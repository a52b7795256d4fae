using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Renumbers the hashing slots the training vectors actually use to 0..n-1. Slots no
/// example touches would stay exactly zero under L2 anyway, so optimising only the used
/// ones gives the same model with a much smaller L-BFGS state.
/// </summary>
internal sealed class CompactFeatures
{
    private CompactFeatures(int[] usedSlots, SparseVector[] vectors)
    {
        UsedSlots = usedSlots;
        Vectors = vectors;
    }

    /// <summary>Original hashing index of each compact index.</summary>
    public int[] UsedSlots { get; }

    public SparseVector[] Vectors { get; }

    public static CompactFeatures From(IReadOnlyList<SparseVector> vectors)
    {
        var used = new SortedSet<int>();
        foreach (var v in vectors) used.UnionWith(v.Indices);
        var slots = used.ToArray();
        var compactOf = new Dictionary<int, int>(slots.Length);
        for (int k = 0; k < slots.Length; k++) compactOf[slots[k]] = k;
        var compact = vectors.Select(v => new SparseVector(v.Indices.Select(i => compactOf[i]).ToArray(), v.Values)).ToArray();
        return new CompactFeatures(slots, compact);
    }

    /// <summary>Spreads compact weights back over the full hashing width.</summary>
    public float[] Expand(ReadOnlySpan<double> compactWeights, int width)
    {
        var weights = new float[width];
        for (int k = 0; k < UsedSlots.Length; k++) weights[UsedSlots[k]] = (float)compactWeights[k];
        return weights;
    }
}
