using DurableTask.Core;
using Microsoft.DurableTask;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Makes a DTFx orchestration or activity per work item from an SDK task in the registry, through the SDK's shim.
/// Made fresh each time, so no state survives from one replay (or call) to the next.
/// </summary>
internal sealed class SdkObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> create;

    public SdkObjectCreator(TaskName name, Func<T> create)
    {
        this.create = create;
        Name = name.Name;
        Version = string.Empty;
    }

    public override T Create() => create();
}
