using EnforcementFlows.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.Functions.Sweeps;

/// <summary>
/// Keeps the eternal sweep instance (<c>sweep</c>) alive: starts it when it is absent, or when it failed or was
/// terminated. While it runs, it sleeps on its own durable timer (<c>Sweeps:Interval</c>); this timer only revives it.
/// The self-host does the same once at start (TaskHubHost).
/// </summary>
public static class SweepKeeperFunction
{
    public const string Name = "SweepKeeper";

    /// <summary>The schedule's binding expression: app setting SweepKeeperSchedule (default every 5 minutes, see FunctionSchedules).</summary>
    public const string Schedule = "%" + Hosting.FunctionSchedules.SweepKeeperSetting + "%";

    [Function(Name)]
    public static async Task<bool> Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        var sweep = await client.GetInstanceAsync(WorkflowNames.SweepInstanceId, getInputsAndOutputs: false, cancellation);
        if (sweep is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return false; // running, about to run, or held by an operator on purpose
        }
        await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Sweep, 0, new StartOrchestrationOptions(WorkflowNames.SweepInstanceId), cancellation);
        return true;
    }
}
