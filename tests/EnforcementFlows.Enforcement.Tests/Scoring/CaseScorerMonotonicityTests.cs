using EnforcementFlows.Enforcement.Scoring;

namespace EnforcementFlows.Enforcement.Tests.Scoring;

/// <summary>Raising any one input, all else equal, never lowers the score (checked on seeded random cases).</summary>
public class CaseScorerMonotonicityTests
{
    private const int Cases = 300;
    private readonly CaseScorer _scorer = new();

    public static TheoryData<string> Changes => new()
    {
        "detector confidence rises",
        "another detector flags",
        "another reporter reports",
        "a reporter's upheld count rises",
        "prior actions rise",
        "text probability rises",
        "text score becomes present",
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Score_NeverDecreases_When(string change)
    {
        var random = new Random(20261122);
        var strictlyRose = 0;
        for (var i = 0; i < Cases; i++)
        {
            var before = RandomInput(random);
            var after = Raise(before, change, random);

            var scoreBefore = _scorer.Score(before).Value;
            var scoreAfter = _scorer.Score(after).Value;

            Assert.True(scoreAfter >= scoreBefore, $"{change}: {scoreBefore} -> {scoreAfter} on case {i}");
            strictlyRose += scoreAfter > scoreBefore ? 1 : 0;
        }

        // Guards against a vacuous pass where the change never reaches the score at all.
        Assert.True(strictlyRose > Cases / 10, $"{change} raised the score in only {strictlyRose} of {Cases} cases");
    }

    private static CaseScoringInput RandomInput(Random random) => new()
    {
        Detectors = Enumerable.Range(0, random.Next(0, 3)).Select(i => new DetectorEvidence($"d{i}", random.NextDouble() * 0.9)).ToList(),
        Reporters = Enumerable.Range(0, random.Next(0, 4)).Select(i => RandomReporter(random, $"r{i}")).ToList(),
        PriorActions = random.Next(0, 3),
        Text = random.Next(2) == 0 ? null : new TextScore(random.NextDouble() * 0.9, "m1"),
    };

    private static ReporterEvidence RandomReporter(Random random, string id)
    {
        var past = random.Next(0, 20);
        return new ReporterEvidence(id, past, random.Next(0, past + 1));
    }

    private static CaseScoringInput Raise(CaseScoringInput input, string change, Random random) => change switch
    {
        "detector confidence rises" => input with
        {
            Detectors = input.Detectors.Count == 0
                ? [new("d0", 0.5)]
                : [input.Detectors[0] with { Confidence = Math.Min(1, input.Detectors[0].Confidence + 0.1) }, .. input.Detectors.Skip(1)],
        },
        "another detector flags" => input with { Detectors = [.. input.Detectors, new("extra", random.NextDouble())] },
        "another reporter reports" => input with { Reporters = [.. input.Reporters, RandomReporter(random, "newcomer")] },
        "a reporter's upheld count rises" => input with
        {
            Reporters = input.Reporters.Count == 0
                ? [new("r0", 5, 5)]
                : [input.Reporters[0] with { PastReports = input.Reporters[0].PastReports + 1, PastReportsUpheld = input.Reporters[0].PastReportsUpheld + 1 }, .. input.Reporters.Skip(1)],
        },
        "prior actions rise" => input with { PriorActions = input.PriorActions + 1 },
        "text probability rises" => input with { Text = new TextScore(Math.Min(1, (input.Text?.Probability ?? 0) + 0.1), "m1") },
        "text score becomes present" => input with { Text = input.Text ?? new TextScore(random.NextDouble(), "m1") },
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}
