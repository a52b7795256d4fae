using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Workflows;
using EnforcementFlows.Workflows.Appeals;
using EnforcementFlows.Workflows.Cases;
using EnforcementFlows.Workflows.Lifts;
using EnforcementFlows.Workflows.Sweeps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace EnforcementFlows.Functions.Orchestrations;

/// <summary>
/// The orchestration triggers: each runs the SDK orchestrator the self-host runs, under the same name, so one
/// definition serves both hosts. A fresh orchestrator per turn, as the SDK worker makes one.
/// </summary>
public static class EnforcementOrchestratorFunctions
{
    [Function(WorkflowNames.Case)]
    public static Task<CaseResult?> EnforcementCase([OrchestrationTrigger] TaskOrchestrationContext context)
        => new CaseOrchestration().RunAsync(context, Input<CaseInput>(context));

    [Function(WorkflowNames.Lift)]
    public static Task<bool> LiftAction([OrchestrationTrigger] TaskOrchestrationContext context)
        => new LiftOrchestration().RunAsync(context, Input<CaseActivities.LiftInput>(context));

    [Function(WorkflowNames.Sweep)]
    public static Task<int> FlagSweep([OrchestrationTrigger] TaskOrchestrationContext context)
        => new SweepOrchestration().RunAsync(context, context.GetInput<int>());

    [Function(WorkflowNames.Appeal)]
    public static Task<AppealResult> AppealReview([OrchestrationTrigger] TaskOrchestrationContext context)
        => new AppealOrchestration().RunAsync(context, Input<AppealInput>(context));

    private static T Input<T>(TaskOrchestrationContext context)
        => context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration {context.Name} ({context.InstanceId}) was started without an input.");
}
