using System.CommandLine;
using System.Globalization;
using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring.Cli;

internal static class BenchCommand
{
    public static Command Create()
    {
        var data = new DataOptions(SpamAssassinCorpus.TestGroups);
        var model = ModelOption.CreateMany();
        var rounds = new Option<int>("--rounds") { Description = "Timed passes over the data after warm-up.", DefaultValueFactory = _ => 5 };
        var stages = new Option<bool>("--stages") { Description = "Also split a linear model's time per message into MimeKit, AngleSharp, tokenising and scoring." };
        var command = new Command("bench", "Measure single-threaded scoring throughput (messages per second); several models side by side.") { model, rounds, stages };
        data.AddTo(command);
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var (examples, description) = data.Load(result);
            var texts = examples.Select(e => e.Text).ToArray();
            var writer = CommandOutput.Out(result);
            writer.WriteLine($"{texts.Length} messages ({description}), mean {texts.Average(t => t.Length):F0} chars; one thread.");
            bool first = true;
            foreach (var name in ModelOption.Names(result, model))
            {
                var loadClock = System.Diagnostics.Stopwatch.StartNew();
                var scorer = ModelOption.Load(name);
                double loadMs = loadClock.Elapsed.TotalMilliseconds;
                loadClock.Restart();
                ModelOption.Load(name);
                double reloadMs = loadClock.Elapsed.TotalMilliseconds;
                string cold = first ? "first in this process, JIT included" : "after another model (JIT partly warm)";
                first = false;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model {scorer.ModelVersion} ({name}): loaded in {loadMs:F1} ms ({cold}), {reloadMs:F1} ms warm."));
                foreach (var (label, score) in Paths(scorer))
                {
                    var measured = Throughput.Measure(texts, score, result.GetValue(rounds));
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {label}: median {measured.MedianPerSecond:F0} msgs/s, best {measured.BestPerSecond:F0} msgs/s, CPU-time based {measured.CpuPerSecond:F0} msgs/s"));
                }
                if (result.GetValue(stages) && scorer.Model is not null)
                    writer.WriteLine($"  Stages: {StageBreakdown.Measure(scorer, texts, result.GetValue(rounds))}");
            }
            return 0;
        }));
        return command;
    }

    private static IEnumerable<(string Label, Action<string> Score)> Paths(TextScorer scorer)
    {
        yield return ("Probability only", t => scorer.Probability(t));
        yield return ("Score (probability + top-5 explanations)", t => scorer.Score(t));
        if (scorer.Model is not null)
        {
            // The same features through ML.NET's own PredictionEngine: what the fast path replaces.
            var engine = scorer.CreateMlNetEngine();
            yield return ("ML.NET PredictionEngine, same features", t => scorer.ProbabilityFromMlNetEngine(t, engine));
        }
    }
}
