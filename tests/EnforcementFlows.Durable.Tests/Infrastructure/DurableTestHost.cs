using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.Durable.Tests.Infrastructure;

/// <summary>
/// A real host with the runtime on a real store (by default a SQLite file): a worker, a client, the store. Stop and
/// start another one on the same file to simulate a process restart.
/// </summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableTestHost(IHost host) => _host = host;

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();
    public IDurableStore Store => _host.Services.GetRequiredService<IDurableStore>();
    public IServiceProvider Services => _host.Services;

    public static Task<DurableTestHost> StartAsync(string databasePath, Action<DurableTaskRegistry> register,
        bool worker = true, Action<DurableWorkerOptions>? workerOptions = null, Action<IServiceCollection>? services = null)
        => StartAsync(d => d.UseSqlite(o => o.DatabasePath = databasePath), register, worker, workerOptions, services);

    /// <summary>The same host on another store (<paramref name="useStore"/> calls a DurableTaskBuilder.UseXxx method).</summary>
    public static async Task<DurableTestHost> StartAsync(Action<DurableTaskBuilder> useStore, Action<DurableTaskRegistry> register,
        bool worker = true, Action<DurableWorkerOptions>? workerOptions = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        builder.Services.AddDurableTask(d =>
        {
            useStore(d);
            register(d.Registry);
            if (worker)
            {
                d.AddWorker(o =>
                {
                    o.OrchestrationLease = TimeSpan.FromSeconds(5);
                    o.ActivityLease = TimeSpan.FromSeconds(5);
                    o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
                    workerOptions?.Invoke(o);
                });
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IDurableStore>().InitializeAsync(CancellationToken.None);
        return new DurableTestHost(host);
    }

    /// <summary>Waits for completion with a generous bound so a hung runtime fails the test instead of the run.</summary>
    public async Task<InstanceMetadata> WaitAsync(string instanceId, int seconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);
    }

    /// <summary>Polls until the predicate holds for the instance (for states that are not terminal).</summary>
    public async Task<InstanceMetadata> WaitUntilAsync(string instanceId, Func<InstanceMetadata, bool> predicate, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await Client.GetInstanceAsync(instanceId) is { } i && predicate(i))
            {
                return i;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"Instance '{instanceId}' did not reach the expected state in {seconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(15));
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
