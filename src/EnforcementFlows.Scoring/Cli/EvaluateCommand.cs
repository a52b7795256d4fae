using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;
using EnforcementFlows.Scoring.Persistence;

namespace EnforcementFlows.Scoring.Cli;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new DataOptions(SpamAssassinCorpus.TestGroups);
        var model = ModelOption.CreateMany();
        var json = new Option<string?>("--json") { Description = "Also write the (first model's) metric report as JSON to this file." };
        var plot = new Option<string?>("--plot") { Description = "Also write an SVG with the (first model's) ROC curve and reliability diagram." };
        var command = new Command("evaluate", "Score labelled data with a model and report ROC-AUC, PR-AUC, recall at 99% precision, calibration; several models side by side.") { model, json, plot };
        data.AddTo(command);
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var (examples, description) = data.Load(result);
            var writer = CommandOutput.Out(result);
            var evaluations = new List<ModelEvaluation>();
            foreach (var name in ModelOption.Names(result, model))
            {
                var evaluation = ModelEvaluation.Run(name, examples);
                evaluations.Add(evaluation);
                Print(writer, evaluation, examples, description);
            }
            var first = evaluations[0];
            if (result.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(first.Report, ModelJsonContext.Default.MetricReport));
                writer.WriteLine($"Wrote {jsonPath}");
            }
            if (result.GetValue(plot) is { } plotPath)
            {
                File.WriteAllText(plotPath, SvgPlot.Render(first.Scored, first.Report, $"{first.Scorer.ModelVersion} on {description}"));
                writer.WriteLine($"Wrote {plotPath}");
            }
            if (evaluations.Count > 1) writer.Write(ModelEvaluation.SideBySide(evaluations, description));
            return 0;
        }));
        return command;
    }

    private static void Print(TextWriter writer, ModelEvaluation evaluation, IReadOnlyList<LabeledExample> examples, string description)
    {
        var scorer = evaluation.Scorer;
        writer.WriteLine($"Model {scorer.ModelVersion} ({evaluation.TrainerName})");
        writer.Write(MetricReportText.Format(evaluation.Report, description));
        var categories = CategoryBreakdown.Compute(examples.Select((e, i) => (e.Category, evaluation.Scored[i])), scorer.Threshold);
        if (categories.Count > 1) writer.Write(CategoryBreakdown.Format(categories));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Scored {evaluation.Scored.Count} messages in {evaluation.Seconds:F2} s on one thread ({evaluation.Scored.Count / evaluation.Seconds:F0} msgs/s, JIT not warmed up; bench measures steady state)."));
        if (evaluation.EngineDifference is { } difference)
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ML.NET PredictionEngine on the same features: largest |probability difference| from the fast path {difference:G3}."));
    }
}
