using DurableTask.Core.Query;

namespace EnforcementFlows.TaskHub;

/// <summary>
/// DTFx's <see cref="OrchestrationQuery"/> plus what it lacks: a filter on the orchestration name
/// (exact match). Any <see cref="OrchestrationQuery"/> is accepted; this one also filters by name.
/// </summary>
public sealed class TaskHubOrchestrationQuery : OrchestrationQuery
{
    public string? Name { get; set; }
}
