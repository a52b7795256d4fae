using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Sqlite;
using EnforcementFlows.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Durable;

/// <summary>Fluent setup of the runtime in a service collection.</summary>
public sealed class DurableTaskBuilder
{
    internal DurableTaskBuilder(IServiceCollection services, DurableTaskRegistry registry)
    {
        Services = services;
        Registry = registry;
    }

    public IServiceCollection Services { get; }
    public DurableTaskRegistry Registry { get; }

    public DurableTaskBuilder AddOrchestrator<T>(string? name = null, string? version = null) where T : class, ITaskOrchestrator
    {
        Registry.AddOrchestrator<T>(name, version);
        return this;
    }

    public DurableTaskBuilder AddActivity<T>(string? name = null) where T : class, ITaskActivity
    {
        Registry.AddActivity<T>(name);
        return this;
    }

    /// <summary>The embedded store (one SQLite file).</summary>
    public DurableTaskBuilder UseSqlite(Action<SqliteStoreOptions> configure)
    {
        var options = new SqliteStoreOptions();
        configure(options);
        Services.Replace(ServiceDescriptor.Singleton<IDurableStore>(sp => new SqliteDurableStore(options, sp.GetRequiredService<TimeProvider>())));
        return this;
    }

    public DurableTaskBuilder UseStore(Func<IServiceProvider, IDurableStore> factory)
    {
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Runs a worker in this process (hosted service).</summary>
    public DurableTaskBuilder AddWorker(Action<DurableWorkerOptions>? configure = null)
    {
        var options = Services.AddOptions<DurableWorkerOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableWorkerOptions>, DurableWorkerOptionsValidator>());
        Services.AddHostedService<DurableWorker>();
        return this;
    }

    /// <summary>Purges finished instances older than the configured age, periodically.</summary>
    public DurableTaskBuilder AddRetention(Action<RetentionOptions>? configure = null)
    {
        var options = Services.AddOptions<RetentionOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        Services.AddHostedService<RetentionSweeper>();
        return this;
    }
}

public static class DurableServiceCollectionExtensions
{
    /// <summary>Registers the registry, a client and (by <paramref name="configure"/>) a store, worker and retention.</summary>
    public static DurableTaskBuilder AddDurableTask(this IServiceCollection services, Action<DurableTaskBuilder> configure)
    {
        // One registry per container: a second call (for example from a test host) adds to it.
        var registry = services.FirstOrDefault(d => d.ServiceType == typeof(DurableTaskRegistry))?.ImplementationInstance as DurableTaskRegistry;
        if (registry is null)
        {
            registry = new DurableTaskRegistry();
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(registry);
            services.TryAddSingleton<DurableClient>();
            services.TryAddSingleton<ForegroundLoad>();
        }
        var builder = new DurableTaskBuilder(services, registry);
        configure(builder);
        return builder;
    }
}
