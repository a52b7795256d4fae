namespace EnforcementFlows.Scoring.Training;

/// <summary>Stratified, seeded split of example indices into training and validation parts.</summary>
internal static class DataSplit
{
    public static (int[] Train, int[] Validation) Stratified(IReadOnlyList<bool> labels, double validationFraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (bool label in new[] { true, false })
        {
            var members = Enumerable.Range(0, labels.Count).Where(i => labels[i] == label).ToArray();
            random.Shuffle(members);
            int held = (int)Math.Round(members.Length * validationFraction);
            validation.AddRange(members[..held]);
            train.AddRange(members[held..]);
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
