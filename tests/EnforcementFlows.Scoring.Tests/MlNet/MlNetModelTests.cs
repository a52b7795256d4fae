using EnforcementFlows.Scoring.MlNet;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EnforcementFlows.Scoring.Tests.MlNet;

public class MlNetModelTests
{
    [Fact]
    public void Pipeline_ReadsASparseFeaturesVectorOfTheHashingWidth_AndWritesScoreAndProbability()
    {
        var model = FixtureModel.MlNet;
        var input = FeatureRows.Load(model.Context, [new EnforcementFlows.Scoring.Features.SparseVector([3, 9], [0.6f, 0.8f])], [true], model.Features.Width);

        var output = model.Transformer.GetOutputSchema(input.Schema);

        var features = Assert.IsType<VectorDataViewType>(input.Schema[FeatureRows.Features].Type);
        Assert.Equal(1 << 16, features.Size);
        Assert.Equal(NumberDataViewType.Single, output["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, output["Probability"].Type);
    }

    [Fact]
    public void FastPath_GivesTheProbabilitiesOfMlNetsPredictionEngine()
    {
        var scorer = FixtureModel.Scorer;
        var engine = scorer.CreateMlNetEngine();
        var texts = FixtureModel.Examples.Select(e => e.Text).Append("claim your free prize now").Append("").ToList();

        foreach (var text in texts)
            Assert.Equal(scorer.ProbabilityFromMlNetEngine(text, engine), scorer.Probability(text), 5);
        // Not a constant: the examples spread over the range.
        Assert.True(texts.Select(scorer.Probability).Distinct().Count() > texts.Count / 2);
    }

    [Fact]
    public void LinearParameters_AreReadFromTheTrainedChain()
    {
        var linear = Assert.IsType<LinearParameters>(FixtureModel.MlNet.Linear);

        Assert.Equal(1 << 16, linear.Weights.Length);
        Assert.True(linear.Weights.Count(w => w != 0) > 100);
        // Out-of-fold Platt calibration: an increasing sigmoid of the margin.
        Assert.True(linear.Calibration.A > 0);
    }

    [Fact]
    public void Explanations_NameTokensOfTheScoredText()
    {
        const string text = "claim your free prize now at http://claim.example.biz";

        var result = FixtureModel.Scorer.Score(text);

        Assert.NotEmpty(result.TopPositive);
        var words = new HashSet<string>(["claim", "your", "free", "prize", "now", "at", "http", "example", "biz", "url:claim.example.biz", "url:example.biz"]);
        Assert.All(result.TopPositive.Concat(result.TopNegative), c =>
            Assert.True(c.Token.Split(' ').All(words.Contains), $"'{c.Token}' is not a token of the text"));
    }
}
