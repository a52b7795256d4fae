using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// The self-host's worker: the Durable Task SDK's orchestrators and activities (one registry, the same as the
/// Functions app's) on the Durable Task Framework's own dispatchers (<see cref="TaskHubWorker"/>) over any DTFx
/// backend. The SDK's shim does the translation; nothing here replays or schedules anything itself.
/// </summary>
public static class SdkTaskHubWorker
{
    public static TaskHubWorker Create(IOrchestrationService service, DurableTaskRegistry registry, IServiceProvider services,
        ILoggerFactory loggerFactory, DurableTaskWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var shims = new DurableTaskShimFactory(options ?? new DurableTaskWorkerOptions(), loggerFactory);
        var worker = new TaskHubWorker(service, loggerFactory)
        {
            // The SDK reads failures as FailureDetails (type, message, inner failure), not as serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        worker.AddTaskOrchestrations(registry.GetOrchestrators()
            .Select(o => (ObjectCreator<TaskOrchestration>)new SdkObjectCreator<TaskOrchestration>(o.Key,
                () => shims.CreateOrchestration(o.Key, o.Value(services), parent: null))).ToArray());
        worker.AddTaskActivities(registry.GetActivities()
            .Select(a => (ObjectCreator<TaskActivity>)new SdkObjectCreator<TaskActivity>(a.Key, () => shims.CreateActivity(a.Key, a.Value(services)))).ToArray());
        if (registry.GetEntities().Any())
        {
            throw new NotSupportedException("Durable entities are not hosted by the self-host; the enforcement workflows use none.");
        }
        return worker;
    }
}
