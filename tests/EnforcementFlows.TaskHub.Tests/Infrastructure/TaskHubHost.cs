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

    private readonly Func<string, IList<DurableTask.Core.History.HistoryEvent>> _readHistory;
    private readonly bool _serviceStarted;

    private TaskHubHost(IOrchestrationService service, TaskHubWorker? worker, Func<string, IList<DurableTask.Core.History.HistoryEvent>> readHistory, bool serviceStarted)
    {
        Service = service;
        Worker = worker;
        Client = new TaskHubClient((IOrchestrationServiceClient)service);
        _readHistory = readHistory;
        _serviceStarted = serviceStarted;
    }

    public IOrchestrationService Service { get; }

    public TaskHubWorker? Worker { get; }

    public TaskHubClient Client { get; }

    public IOrchestrationServiceClient ServiceClient => (IOrchestrationServiceClient)Service;

    /// <param name="readHistory">How the backend's <c>GetOrchestrationHistoryAsync</c> JSON is read (ours: <see cref="TaskHubJson.DeserializeHistory"/>).</param>
    /// <param name="clientStartsService">
    /// Whether a host without a worker still starts the service. Ours need it (the writer runs in the service); Azure
    /// Storage's started service is a worker by itself: it takes the partition lease and fetches the queue's messages.
    /// </param>
    public static async Task<TaskHubHost> StartAsync(IOrchestrationService service, bool withWorker = true, Func<string, IList<DurableTask.Core.History.HistoryEvent>>? readHistory = null, bool clientStartsService = true)
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
        else if (clientStartsService)
        {
            await service.StartAsync();
        }
        return new TaskHubHost(service, worker, readHistory ?? TaskHubJson.DeserializeHistory, withWorker || clientStartsService);
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
            var history = await HistoryAsync(instanceId);
            if (condition(state, history))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{instanceId}: the awaited condition did not hold in time (status {state?.OrchestrationStatus}, {history.Count} history events)");
            await Task.Delay(50);
        }
    }

    /// <summary>The instance's history (its latest execution) as DTFx events.</summary>
    public async Task<IList<DurableTask.Core.History.HistoryEvent>> HistoryAsync(string instanceId) =>
        _readHistory(await ServiceClient.GetOrchestrationHistoryAsync(instanceId, null));

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.StopAsync(isForced: true);
        }
        else if (_serviceStarted)
        {
            await Service.StopAsync(isForced: true);
        }
        (Service as IDisposable)?.Dispose();
    }
}
