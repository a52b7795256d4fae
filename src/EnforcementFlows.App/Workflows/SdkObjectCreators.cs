using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Makes a DTFx orchestration per work item from an SDK orchestrator in the registry, through the SDK's shim. The
/// orchestrator is made fresh each time, so no state survives from one replay to the next.
/// </summary>
internal sealed class SdkOrchestrationCreator : ObjectCreator<TaskOrchestration>
{
    private readonly TaskName name;
    private readonly Func<IServiceProvider, ITaskOrchestrator> factory;
    private readonly IServiceProvider services;
    private readonly DurableTaskShimFactory shims;

    public SdkOrchestrationCreator(TaskName name, Func<IServiceProvider, ITaskOrchestrator> factory, IServiceProvider services, DurableTaskShimFactory shims)
    {
        (this.name, this.factory, this.services, this.shims) = (name, factory, services, shims);
        Name = name.Name;
        Version = string.Empty;
    }

    public override TaskOrchestration Create() => shims.CreateOrchestration(name, factory(services), parent: null);
}

/// <summary>Makes a DTFx activity per call from an SDK activity in the registry.</summary>
internal sealed class SdkActivityCreator : ObjectCreator<TaskActivity>
{
    private readonly TaskName name;
    private readonly Func<IServiceProvider, ITaskActivity> factory;
    private readonly IServiceProvider services;
    private readonly DurableTaskShimFactory shims;

    public SdkActivityCreator(TaskName name, Func<IServiceProvider, ITaskActivity> factory, IServiceProvider services, DurableTaskShimFactory shims)
    {
        (this.name, this.factory, this.services, this.shims) = (name, factory, services, shims);
        Name = name.Name;
        Version = string.Empty;
    }

    public override TaskActivity Create() => shims.CreateActivity(name, factory(services));
}
