using DurableTask.Core;
using EnforcementFlows.App.Workflows;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.Workflows.Tests.SelfHost;

/// <summary>
/// The self-host's worker and client (the product's code) over the in-memory DTFx service that ships with the SDK's
/// test host. In memory is fine for semantics; durable backends have their own suite (issue 19).
/// </summary>
internal sealed class InMemoryTaskHub : IAsyncDisposable
{
    private readonly TaskHubWorker worker;

    private InMemoryTaskHub(TaskHubWorker worker, TaskHubDurableClient client)
    {
        this.worker = worker;
        Client = client;
    }

    public TaskHubDurableClient Client { get; }

    public static async Task<InMemoryTaskHub> StartAsync(Action<DurableTaskRegistry> register, IServiceProvider? services = null)
    {
        var service = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        var registry = new DurableTaskRegistry();
        register(registry);
        var worker = SdkTaskHubWorker.Create(service, registry, services ?? new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await worker.StartAsync();
        return new InMemoryTaskHub(worker, new TaskHubDurableClient("test", service));
    }

    public async ValueTask DisposeAsync()
    {
        await worker.StopAsync(isForced: true);
        worker.Dispose();
    }
}
