using System.CommandLine;
using System.Text.Json;
using EnforcementFlows.Scoring.Cli;

namespace EnforcementFlows.Scoring.Tests.Cli;

public sealed class ScoringCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ef-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand { ScoringCommands.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Create_MountsTheFourSubcommandsUnderModel()
    {
        var model = ScoringCommands.Create();

        Assert.Equal("model", model.Name);
        Assert.Equal(["train", "evaluate", "score", "bench"], model.Subcommands.Select(c => c.Name));
    }

    [Fact]
    public void TrainEvaluateScore_OnJsonl_WriteModelReportPlotAndExplanation()
    {
        var modelPath = Path.Combine(_directory, "fixture.efmodel");
        var jsonPath = Path.Combine(_directory, "report.json");
        var plotPath = Path.Combine(_directory, "plot.svg");
        var textPath = Path.Combine(_directory, "message.txt");
        File.WriteAllText(textPath, "Click now to claim your free prize!!!");
        var fixture = Fixture.PathOf("reports.jsonl");

        var train = Run("model", "train", "--jsonl", fixture, "--out", modelPath, "--hash-bits", "14", "--version", "2.1.0");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("Wrote", train.Output);
        Assert.Contains("ROC-AUC", train.Output);

        var evaluate = Run("model", "evaluate", "--model", modelPath, "--jsonl", fixture, "--json", jsonPath, "--plot", plotPath);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("Model 2.1.0+", evaluate.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(jsonPath));
        Assert.InRange(report.RootElement.GetProperty("rocAuc").GetDouble(), 0.9, 1.0);
        Assert.Equal(48, report.RootElement.GetProperty("count").GetInt32());
        Assert.StartsWith("<svg", File.ReadAllText(plotPath));

        var score = Run("model", "score", "--model", modelPath, "--input", textPath, "--top", "2");
        Assert.True(score.ExitCode == 0, score.Error);
        Assert.Contains("probability", score.Output);
        Assert.Contains("pushing up:", score.Output);
    }

    [Fact]
    public void EvaluateAndBench_SeveralModels_ArePutSideBySide()
    {
        var sdcaPath = Path.Combine(_directory, "sdca.efmodel");
        var fixture = Fixture.PathOf("reports.jsonl");
        var train = Run("model", "train", "--jsonl", fixture, "--out", sdcaPath, "--hash-bits", "14", "--trainer", "sdca", "--folds", "3");
        Assert.True(train.ExitCode == 0, train.Error);

        var evaluate = Run("model", "evaluate", "--model", "default", sdcaPath, "--jsonl", fixture);
        var bench = Run("model", "bench", "--model", "default", sdcaPath, "--jsonl", fixture, "--rounds", "1");

        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Contains("Side by side on jsonl", evaluate.Output);
        Assert.Contains("ML.NET SdcaLogisticRegression + Platt", evaluate.Output);
        Assert.Contains("largest |probability difference| from the fast path", evaluate.Output);
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.Equal(2, bench.Output.Split('\n').Count(line => line.Contains("ML.NET PredictionEngine, same features: median", StringComparison.Ordinal)));
    }

    [Fact]
    public void Evaluate_CorruptModel_PrintsOneClearErrorAndFails()
    {
        var modelPath = Path.Combine(_directory, "broken.efmodel");
        File.WriteAllText(modelPath, "garbage");

        var result = Run("model", "evaluate", "--model", modelPath, "--jsonl", Fixture.PathOf("reports.jsonl"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains("not a text scorer model", result.Error);
    }

    [Fact]
    public void Bench_OnJsonl_PrintsMessagesPerSecondAndTheStageSplit()
    {
        var result = Run("model", "bench", "--jsonl", Fixture.PathOf("reports.jsonl"), "--rounds", "1", "--stages");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"Score \(probability \+ top-5 explanations\): median \d+ msgs/s", result.Output);
        Assert.Matches(@"Stages: MimeKit -?[\d.]+, AngleSharp -?[\d.]+, tokenising -?[\d.]+, scoring -?[\d.]+; total [\d.]+ µs per message", result.Output);
    }
}
