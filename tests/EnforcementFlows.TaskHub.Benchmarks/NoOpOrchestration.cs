using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Benchmarks;

/// <summary>The benchmark's unit of work: four no-op activities in a row.</summary>
public sealed class FourNoOps : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        for (var i = 0; i < 4; i++)
        {
            input = await context.ScheduleTask<int>(typeof(NoOp), input);
        }
        return input;
    }
}

public sealed class NoOp : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input;
}

/// <summary>Waits for the "go" event and returns its data (the latency probe).</summary>
public sealed class AwaitSignal : TaskOrchestration<string, int>
{
    private readonly TaskCompletionSource<string> _signal = new();

    public override Task<string> RunTask(OrchestrationContext context, int input) => _signal.Task;

    public override void OnEvent(OrchestrationContext context, string name, string input)
    {
        if (name == "go")
        {
            _signal.TrySetResult(input);
        }
    }
}
