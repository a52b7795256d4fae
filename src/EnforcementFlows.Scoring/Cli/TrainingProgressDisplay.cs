using EnforcementFlows.Scoring.Training;
using Spectre.Console;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>A progress bar on an interactive console; a few plain lines everywhere else (CI logs, tests).</summary>
internal static class TrainingProgressDisplay
{
    public static T Run<T>(TextWriter writer, Func<IProgress<TrainingProgress>, T> work)
    {
        bool interactive = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        if (!interactive) return work(new StageLines(writer));
        return AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: 1);
                var result = work(new BarProgress(task));
                task.Value = 1;
                return result;
            });
    }

    private sealed class BarProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            lock (task)
            {
                task.Description = value.Stage;
                task.Value = Math.Max(0, Math.Min(1, value.Fraction));
            }
        }
    }

    // Prints each stage once, so logs show what happened without a line per iteration.
    private sealed class StageLines(TextWriter writer) : IProgress<TrainingProgress>
    {
        private string? _lastStage;

        public void Report(TrainingProgress value)
        {
            lock (writer)
            {
                if (value.Stage == _lastStage) return;
                _lastStage = value.Stage;
                writer.WriteLine($"  … {value.Stage}");
            }
        }
    }
}
