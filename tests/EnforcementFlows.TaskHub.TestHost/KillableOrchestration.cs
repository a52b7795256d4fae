using DurableTask.Core;

namespace EnforcementFlows.TaskHub.TestHost;

/// <summary>Four <see cref="SlowStep"/> activities in a row: input + 4.</summary>
public sealed class FourSlowSteps : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        for (var i = 0; i < 4; i++)
        {
            input = await context.ScheduleTask<int>(typeof(SlowStep), input);
        }
        return input;
    }
}

/// <summary>
/// Records that it started (one line per execution in the effects file, with the process id), then
/// takes <see cref="Delay"/>: a process killed meanwhile dies holding the activity's lock.
/// </summary>
public sealed class SlowStep : AsyncTaskActivity<int, int>
{
    public static string? EffectsPath { get; set; }

    public static TimeSpan Delay { get; set; }

    private static readonly object FileLock = new();

    protected override async Task<int> ExecuteAsync(TaskContext context, int input)
    {
        if (EffectsPath is { } path)
        {
            lock (FileLock)
            {
                File.AppendAllText(path, $"{context.OrchestrationInstance.InstanceId} {input} {Environment.ProcessId}\n");
            }
        }
        await Task.Delay(Delay).ConfigureAwait(false);
        return input + 1;
    }
}
