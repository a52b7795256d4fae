using DurableTask.Core;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>
/// One DTFx worker process's worth of parts on a backend: the orchestration service, a real
/// <see cref="TaskHubWorker"/> with the test orchestrations and activities, and a <see cref="TaskHubClient"/>.
/// Disposing it stops the worker and the service, as a restart of the process would.
/// </summary>
public sealed class TaskHubHost : IAsyncDisposable
{
    public static readonly Type[] OrchestrationTypes =
        [typeof(FourActivities), typeof(Collector), typeof(FourGatedActivities), typeof(SleepThenReport), typeof(EchoPayload), typeof(ParentOfFour), typeof(CountToFive), typeof(WaitForApproval)];

    public static readonly Type[] ActivityTypes = [typeof(AddOne), typeof(Echo), typeof(Gated)];

    private TaskHubHost(IOrchestrationService service, TaskHubWorker? worker)
    {
        Service = service;
        Worker = worker;
        Client = new TaskHubClient((IOrchestrationServiceClient)service);
    }

    public IOrchestrationService Service { get; }

    public TaskHubWorker? Worker { get; }

    public TaskHubClient Client { get; }

    public IOrchestrationServiceClient ServiceClient => (IOrchestrationServiceClient)Service;

    public static async Task<TaskHubHost> StartAsync(IOrchestrationService service, bool withWorker = true)
    {
        await service.CreateIfNotExistsAsync();
        TaskHubWorker? worker = null;
        if (withWorker)
        {
            worker = new TaskHubWorker(service);
            worker.AddTaskOrchestrations(OrchestrationTypes);
            worker.AddTaskActivities(ActivityTypes);
            await worker.StartAsync();
        }
        else
        {
            await service.StartAsync();
        }
        return new TaskHubHost(service, worker);
    }

    public async Task<OrchestrationState> WaitForCompletionAsync(OrchestrationInstance instance, TimeSpan? timeout = null)
    {
        var state = await Client.WaitForOrchestrationAsync(instance, timeout ?? TimeSpan.FromSeconds(30));
        Assert.True(state is not null, $"{instance.InstanceId} did not finish in time");
        return state!;
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds (history or status), failing after the timeout.</summary>
    public async Task WaitUntilAsync(string instanceId, Func<OrchestrationState?, IList<DurableTask.Core.History.HistoryEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var state = await ServiceClient.GetOrchestrationStateAsync(instanceId, executionId: null);
            var history = TaskHubJson.DeserializeHistory(await ServiceClient.GetOrchestrationHistoryAsync(instanceId, null));
            if (condition(state, history))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{instanceId}: the awaited condition did not hold in time (status {state?.OrchestrationStatus}, {history.Count} history events)");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.StopAsync(isForced: true);
        }
        else
        {
            await Service.StopAsync(isForced: true);
        }
        (Service as IDisposable)?.Dispose();
    }
}
