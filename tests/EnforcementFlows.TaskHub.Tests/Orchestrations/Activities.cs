using System.Collections.Concurrent;
using DurableTask.Core;

namespace EnforcementFlows.TaskHub.Tests.Orchestrations;

/// <summary>Adds one; counts its executions per input key so tests can see redeliveries.</summary>
public sealed class AddOne : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input + 1;
}

/// <summary>Returns its input unchanged (large payload round trips).</summary>
public sealed class Echo : TaskActivity<string, string>
{
    protected override string Execute(TaskContext context, string input) => input;
}

/// <summary>
/// An activity a test can hold: while a gate is registered for the instance it waits on it, so the
/// worker running it holds the activity's lock for as long as the test wants.
/// </summary>
public sealed class Gated : AsyncTaskActivity<int, int>
{
    public static ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public static ConcurrentDictionary<string, TaskCompletionSource> Entered { get; } = new();

    protected override async Task<int> ExecuteAsync(TaskContext context, int input)
    {
        var instanceId = context.OrchestrationInstance.InstanceId;
        if (Gates.TryRemove(instanceId, out var gate))
        {
            Entered.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await gate.Task.ConfigureAwait(false);
        }
        return input + 1;
    }
}
