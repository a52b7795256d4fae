using System.Text.RegularExpressions;
using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring.Tests.Corpus;

/// <summary>
/// The reference model, re-implemented to check the split: multinomial naive Bayes
/// with Laplace smoothing over lower-cased word tokens of the raw message. Scores are
/// log-odds (not squashed to probabilities, which would saturate and tie).
/// </summary>
internal static partial class NaiveBayesReference
{
    [GeneratedRegex("[A-Za-z0-9']+")]
    private static partial Regex Word();

    public static ScoredExample[] TrainAndScore(IReadOnlyList<LabeledExample> train, IReadOnlyList<LabeledExample> test)
    {
        var counts = new[] { new Dictionary<string, double>(), new Dictionary<string, double>() };
        var tokens = new double[2];
        var documents = new double[2];
        foreach (var example in train)
        {
            int c = example.IsPositive ? 1 : 0;
            documents[c]++;
            foreach (var word in Tokens(example.Text))
            {
                counts[c][word] = counts[c].GetValueOrDefault(word) + 1;
                tokens[c]++;
            }
        }
        var vocabulary = counts[0].Keys.Union(counts[1].Keys).ToHashSet();
        double size = vocabulary.Count;
        double LogLikelihood(int c, string word) => Math.Log((counts[c].GetValueOrDefault(word) + 1) / (tokens[c] + size));
        return test.Select(example =>
        {
            double logOdds = Math.Log(documents[1] / documents[0]);
            foreach (var word in Tokens(example.Text).Where(vocabulary.Contains))
                logOdds += LogLikelihood(1, word) - LogLikelihood(0, word);
            return new ScoredExample(logOdds, example.IsPositive);
        }).ToArray();
    }

    private static IEnumerable<string> Tokens(string text) => Word().Matches(text).Select(m => m.Value.ToLowerInvariant());
}
