using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Tests.Orchestrations;

/// <summary>Four activities in a row: input + 4.</summary>
public sealed class FourActivities : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var value = input;
        for (var i = 0; i < 4; i++)
        {
            value = await context.ScheduleTask<int>(typeof(AddOne), value);
        }
        return value;
    }
}

/// <summary>Four gated activities in a row (a test can hold any of them).</summary>
public sealed class FourGatedActivities : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var value = input;
        for (var i = 0; i < 4; i++)
        {
            value = await context.ScheduleTask<int>(typeof(Gated), value);
        }
        return value;
    }
}

/// <summary>Waits on a durable timer of the input's seconds, then reports when it woke.</summary>
public sealed class SleepThenReport : TaskOrchestration<string, double>
{
    public override async Task<string> RunTask(OrchestrationContext context, double input)
    {
        var fireAt = context.CurrentUtcDateTime.AddSeconds(input);
        await context.CreateTimer(fireAt, "slept");
        return fireAt.ToString("o");
    }
}

/// <summary>Echoes a payload through an activity and returns it.</summary>
public sealed class EchoPayload : TaskOrchestration<string, string>
{
    public override Task<string> RunTask(OrchestrationContext context, string input) => context.ScheduleTask<string>(typeof(Echo), input);
}

/// <summary>Starts <see cref="FourActivities"/> as a sub-orchestration and doubles its result.</summary>
public sealed class ParentOfFour : TaskOrchestration<int, int>
{
    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        var child = await context.CreateSubOrchestrationInstance<int>(typeof(FourActivities), context.OrchestrationInstance.InstanceId + ":child", input);
        return child * 2;
    }
}

/// <summary>Counts up by continuing as new until the input reaches 5.</summary>
public sealed class CountToFive : TaskOrchestration<int, int>
{
    public override Task<int> RunTask(OrchestrationContext context, int input)
    {
        if (input < 5)
        {
            context.ContinueAsNew(input + 1);
        }
        return Task.FromResult(input);
    }
}
