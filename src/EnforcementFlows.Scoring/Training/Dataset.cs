using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Training;

/// <summary>Feature vectors and labels, with the fold bookkeeping cross-validation needs.</summary>
internal sealed class Dataset(SparseVector[] vectors, bool[] labels)
{
    public (SparseVector[] X, bool[] Y) All() => (vectors, labels);

    public (SparseVector[] X, bool[] Y) Without(int[] folds, int fold) => Select(folds, f => f != fold);

    public (SparseVector[] X, bool[] Y) Only(int[] folds, int fold) => Select(folds, f => f == fold);

    public bool[] LabelsIn(int[] folds, int fold) => Only(folds, fold).Y;

    /// <summary>Writes one fold's predictions back to their positions among all examples.</summary>
    public static void Scatter(int[] folds, int fold, double[] foldValues, double[] target)
    {
        int k = 0;
        for (int i = 0; i < folds.Length; i++)
            if (folds[i] == fold) target[i] = foldValues[k++];
    }

    private (SparseVector[] X, bool[] Y) Select(int[] folds, Func<int, bool> keep)
    {
        var picked = Enumerable.Range(0, vectors.Length).Where(i => keep(folds[i])).ToArray();
        return (picked.Select(i => vectors[i]).ToArray(), picked.Select(i => labels[i]).ToArray());
    }
}
