namespace EnforcementFlows.Scoring.Training;

/// <summary>Seeded, stratified assignment of examples to cross-validation folds.</summary>
internal static class DataSplit
{
    /// <summary>Fold number (0..folds-1) per example; each class is spread evenly over the folds.</summary>
    public static int[] StratifiedFolds(IReadOnlyList<bool> labels, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[labels.Count];
        foreach (bool label in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            random.Shuffle(members);
            for (int k = 0; k < members.Length; k++) fold[members[k]] = k % folds;
        }
        return fold;
    }
}
