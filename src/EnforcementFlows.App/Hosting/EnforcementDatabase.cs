using EnforcementFlows.Durable;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>
/// The service's options and its domain database (the durable store the enforcement tables and the workflow outbox
/// live in), shared by the self-host and the Azure Functions app so both read the same settings the same way.
/// </summary>
public static class EnforcementDatabase
{
    /// <summary>Binds and validates <c>EnforcementFlows</c> and returns the values the store is built from.</summary>
    public static EnforcementFlowsOptions AddEnforcementOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnforcementFlowsOptions>()
            .BindConfiguration(EnforcementFlowsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Storage.IsSqlite || o.Storage.IsPostgres,
                $"{EnforcementFlowsOptions.Section}:Storage:Provider must be 'Sqlite' (embedded default) or 'Postgres'.")
            .ValidateOnStart();
        var options = configuration.GetSection(EnforcementFlowsOptions.Section).Get<EnforcementFlowsOptions>() ?? new EnforcementFlowsOptions();
        // The PostgreSQL store is built from these before start-up validation runs: checked here, naming the service's keys.
        if (options.Storage.IsPostgres && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:ConnectionString", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:ConnectionString must be set when Storage:Provider is 'Postgres' (an Npgsql connection string)."]);
        }
        if (options.Storage.IsPostgres && options.Storage.WriterConnections is < 1 or > 8)
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:WriterConnections", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:WriterConnections must be between 1 and 8 (got {options.Storage.WriterConnections})."]);
        }
        return options;
    }

    /// <summary>The durable store on SQLite or PostgreSQL, with the legacy runtime's worker and retention.</summary>
    public static IServiceCollection AddEnforcementDatabase(this IServiceCollection services, EnforcementFlowsOptions options)
    {
        services.AddDurableTask(durable =>
        {
            durable.Registry.AddEnforcementWorkflows();
            if (options.Storage.IsPostgres)
            {
                durable.UsePostgres(o =>
                {
                    o.ConnectionString = options.Storage.ConnectionString ?? "";
                    o.Schema = options.Storage.Schema;
                    o.WriterConnections = options.Storage.WriterConnections;
                });
            }
            else
            {
                durable.UseSqlite(o => o.DatabasePath = options.Storage.ConnectionString ?? options.DataPath("enforcementflows.db"));
            }
            // Case activities mostly wait for the group commit they joined: 256 at once completed about a quarter
            // more cases/s than the runtime's 64 (docs/benchmarks.md). Intake keeps its speed because the worker
            // drops to MaxConcurrentActivitiesUnderLoad while senders are waiting (ForegroundLoad).
            durable.AddWorker(o => o.MaxConcurrentActivities = 256);
            durable.AddRetention();
        });
        services.AddOptions<DurableWorkerOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{DurableWorkerOptions.Section}");
        services.AddOptions<Durable.Worker.RetentionOptions>().BindConfiguration($"{EnforcementFlowsOptions.Section}:{Durable.Worker.RetentionOptions.Section}");
        return services;
    }
}
