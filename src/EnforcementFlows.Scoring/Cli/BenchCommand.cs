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
        var model = ModelOption.Create();
        var rounds = new Option<int>("--rounds") { Description = "Timed passes over the data after warm-up.", DefaultValueFactory = _ => 5 };
        var command = new Command("bench", "Measure single-threaded scoring throughput (messages per second).") { model, rounds };
        data.AddTo(command);
        command.SetAction(result => CommandOutput.Run(result, () =>
        {
            var loadClock = System.Diagnostics.Stopwatch.StartNew();
            var scorer = ModelOption.Load(result, model);
            double loadMs = loadClock.Elapsed.TotalMilliseconds;
            loadClock.Restart();
            ModelOption.Load(result, model);
            double reloadMs = loadClock.Elapsed.TotalMilliseconds;
            var (examples, description) = data.Load(result);
            var texts = examples.Select(e => e.Text).ToArray();
            var writer = CommandOutput.Out(result);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Model {scorer.ModelVersion} loaded in {loadMs:F1} ms cold (JIT included), {reloadMs:F1} ms warm."));
            writer.WriteLine($"Model {scorer.ModelVersion}; {texts.Length} messages ({description}), mean {texts.Average(t => t.Length):F0} chars; one thread.");
            foreach (var (name, score) in new (string, Action<string>)[]
            {
                ("Probability only", t => scorer.Probability(t)),
                ("Score (probability + top-5 explanations)", t => scorer.Score(t)),
            })
            {
                var measured = Throughput.Measure(texts, score, result.GetValue(rounds));
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: median {measured.MedianPerSecond:F0} msgs/s, best {measured.BestPerSecond:F0} msgs/s, CPU-time based {measured.CpuPerSecond:F0} msgs/s"));
            }
            return 0;
        }));
        return command;
    }
}
