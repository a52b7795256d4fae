using DurableTask.Core;
using DurableTask.Core.Exceptions;
using EnforcementFlows.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Workflows;

/// <summary>
/// Runs the SDK workflows in this process: creates the task hub if it is missing, starts DTFx's dispatchers with the
/// shimmed registry, and makes sure the singleton sweep instance exists.
/// </summary>
internal sealed class TaskHubHost(IOrchestrationService service, DurableTaskClient client, IServiceProvider services, ILoggerFactory loggerFactory,
    IOptions<WorkflowEngineOptions> options, IEnumerable<WorkflowRegistration> registrations) : IHostedService, IAsyncDisposable
{
    private TaskHubWorker? worker;
    private Task? stopping;
    private volatile bool disposed;

    public bool Running => worker is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry().AddEnforcementTasks();
        foreach (var registration in registrations)
        {
            registration.Register(registry);
        }
        worker = SdkTaskHubWorker.Create(service, registry, services, loggerFactory);
        await worker.StartAsync();
        var logger = loggerFactory.CreateLogger<TaskHubHost>();
        Log.TaskHubStarted(logger, options.Value.TaskHub.HubName, service.GetType().Name);
        if (options.Value.TaskHub.IsSqlite && services.GetService<IOptions<Hosting.EnforcementFlowsOptions>>()?.Value.Storage.IsPostgres == true)
        {
            Log.TaskHubNotShared(logger);
        }
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.Sweep, 0, new StartOrchestrationOptions(WorkflowNames.SweepInstanceId), cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // The sweep runs already (this or another process started it).
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (worker is { } running)
        {
            stopping ??= running.StopAsync(isForced: false);
            try
            {
                await stopping;
            }
            catch (ObjectDisposedException) when (disposed)
            {
                // Disposed meanwhile (after the wait below gave up): the dispatchers are gone either way.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The container may dispose this while the host's stop is still waiting for DTFx's dispatchers (a shutdown
        // under load): disposing the worker under a running StopAsync fails it with ObjectDisposedException, so let the
        // stop finish first (bounded: a dispatcher that never returns must not hang the process's exit).
        if (stopping is { IsCompleted: false } inFlight)
        {
            await Task.WhenAny(inFlight, Task.Delay(TimeSpan.FromSeconds(30)));
        }
        disposed = true;
        worker?.Dispose();
        worker = null;
    }
}
