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
        var model = ModelOption.Create();
        var json = new Option<string?>("--json") { Description = "Also write the metric report as JSON to this file." };
        var plot = new Option<string?>("--plot") { Description = "Also write an SVG with the ROC curve and reliability diagram." };
        var command = new Command("evaluate", "Score labelled data with a model and report ROC-AUC, PR-AUC, recall at 99% precision, calibration.") { model, json, plot };
        data.AddTo(command);
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var scorer = ModelOption.Load(result, model);
            var (examples, description) = data.Load(result);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var scored = examples.Select(e => new ScoredExample(scorer.Probability(e.Text), e.IsPositive)).ToArray();
            double seconds = clock.Elapsed.TotalSeconds;
            var report = MetricReport.Compute(scored, scorer.Threshold);
            var writer = CommandOutput.Out(result);
            writer.WriteLine($"Model {scorer.ModelVersion}");
            writer.Write(MetricReportText.Format(report, description));
            var categories = CategoryBreakdown.Compute(examples.Select((e, i) => (e.Category, scored[i])), scorer.Threshold);
            if (categories.Count > 1) writer.Write(CategoryBreakdown.Format(categories));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Scored {scored.Length} messages in {seconds:F2} s on one thread ({scored.Length / seconds:F0} msgs/s, JIT not warmed up; bench measures steady state)."));
            if (result.GetValue(json) is { } jsonPath)
            {
                File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, ModelJsonContext.Default.MetricReport));
                writer.WriteLine($"Wrote {jsonPath}");
            }
            if (result.GetValue(plot) is { } plotPath)
            {
                File.WriteAllText(plotPath, SvgPlot.Render(scored, report, $"{scorer.ModelVersion} on {description}"));
                writer.WriteLine($"Wrote {plotPath}");
            }
            return 0;
        }));
        return command;
    }
}
